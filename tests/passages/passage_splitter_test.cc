#include "passages/passage_splitter.h"

#include "test_support.h"

TEST_CASE("one passage per paragraph, headings give the section", "[passages]") {
  libsearch::Release r;
  r.id = "x";
  r.body = {{libsearch::Paragraph::Kind::kHeading, "Highlight One", 1},
            {libsearch::Paragraph::Kind::kText, "First.", 2},
            {libsearch::Paragraph::Kind::kText, "第二段。", 3}};
  libsearch::PassageSplitter s;
  const auto ps = s.split(r);
  REQUIRE(ps.size() == 3);
  CHECK(ps[1].paragraph == 1);
  CHECK(ps[1].section == "Highlight One");
  CHECK(ps[2].text == "第二段。");
}

TEST_CASE("a long paragraph is cut at sentence boundaries", "[passages]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "This is sentence number " + std::to_string(i) + ". ";
  std::string zh;
  for (int i = 0; i < 60; ++i) zh += "这是第" + std::to_string(i) + "句话，内容关于营商环境。";
  libsearch::Release r;
  r.body = {{libsearch::Paragraph::Kind::kText, text, 1},
            {libsearch::Paragraph::Kind::kText, zh, 2}};
  libsearch::PassageSplitter s(300);
  const auto ps = s.split(r);
  REQUIRE(ps.size() > 4);
  std::string en_joined, zh_joined;
  for (const auto& p : ps) {
    CHECK(p.text.size() <= 400);
    if (p.paragraph == 0) en_joined += p.text + " ";
    else zh_joined += p.text;
    // every part ends a sentence
    CHECK((p.text.back() == '.' || p.text.compare(p.text.size() - 3, 3, "。") == 0));
  }
  CHECK(en_joined.substr(0, en_joined.size() - 1) + " " == text);
  CHECK(zh_joined == zh);
}
