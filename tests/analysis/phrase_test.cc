// Phrases and highlights through the analyzer's terms: a quoted run of
// characters matches exactly where those characters stand, however ICU
// segmented the text either side, and highlights are byte spans of the
// original (Traditional) text.
#include <string>
#include <vector>

#include <xapian.h>

#include "libsearch/analyzer.h"
#include "query/term_query.h"
#include "results/highlighter.h"
#include "test_support.h"

namespace {

using libsearch::test::TempDir;

// A database with one document per text, body terms as DocumentBuilder
// indexes them.
class TextIndex {
 public:
  TextIndex(const std::string& path, const std::vector<std::string>& texts)
      : db_(path, Xapian::DB_CREATE_OR_OVERWRITE) {
    for (const std::string& text : texts) {
      Xapian::Document doc;
      for (const auto& t : analyzer_.terms(text)) {
        if (t.positional) doc.add_posting(t.term, t.position);
        else doc.add_term(t.term);
      }
      db_.add_document(doc);
    }
    db_.commit();
  }
  // 0-based indexes of the texts the query matches, in order.
  std::vector<int> match(const Xapian::Query& q) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<int> out;
    for (auto it = enquire.get_mset(0, 100).begin(); it != enquire.get_mset(0, 100).end(); ++it)
      out.push_back(static_cast<int>(*it) - 1);
    return out;
  }
  std::vector<int> phrase(const std::string& text) {
    return match(libsearch::detail::phrase_query(analyzer_, text, "", nullptr));
  }
  std::vector<int> words(const std::string& text) {
    return match(libsearch::detail::text_query(analyzer_, text, "", false, nullptr));
  }

 private:
  libsearch::Analyzer analyzer_;
  Xapian::WritableDatabase db_;
};

std::vector<int> v(std::initializer_list<int> l) { return l; }

}  // namespace

TEST_CASE("a quoted Chinese run matches exactly, across ICU's word boundaries", "[analysis]") {
  TempDir dir;
  TextIndex idx(dir / "db", {
      "数字人民币试点",          // 0
      "数字经济和人民币",        // 1: both halves, not together
      "推进數字人民幣研發",      // 2: Traditional
      "人民币，数字",            // 3: reversed
      "COVID-19疫情防控",        // 4
      "知识产权保护工作",        // 5
      "中国 a 国家",             // 6
  });
  CHECK(idx.phrase("字人民") == v({0, 2}));     // cuts 数字 / 人民币
  CHECK(idx.phrase("數字人民幣") == v({0, 2}));  // Traditional query finds both
  CHECK(idx.phrase("数字人民币") == v({0, 2}));
  CHECK(idx.phrase("币试") == v({0}));
  CHECK(idx.phrase("币") == v({0, 1, 2, 3}));   // one character
  CHECK(idx.phrase("数字") == v({0, 1, 2, 3}));
  CHECK(idx.phrase("19疫情") == v({4}));        // a Chinese run after a number
  CHECK(idx.phrase("covid-19疫") == v({4}));    // a lone character after a word
  CHECK(idx.phrase("权保") == v({5}));
  CHECK(idx.phrase("产权保护工") == v({5}));
  CHECK(idx.phrase("国 a 国") == v({6}));
  CHECK(idx.phrase("国 a 中").empty());
  CHECK(idx.phrase("国 a") == v({6}));
  CHECK(idx.phrase("保护知识").empty());
  // Unquoted words: as the word or as its characters in order.
  CHECK(idx.words("人民币") == v({0, 1, 2, 3}));
  CHECK(idx.words("字人") == v({0, 2}));        // ICU: 字/人, kept in order
  CHECK(idx.words("人民币 数字") == v({0, 1, 2, 3}));
}

TEST_CASE("folding works both ways: Traditional finds Simplified and back", "[analysis]") {
  TempDir dir;
  TextIndex idx(dir / "db", {"數字貨幣研究所", "数字货币研究所"});
  CHECK(idx.words("数字货币") == v({0, 1}));
  CHECK(idx.words("數字貨幣") == v({0, 1}));
  CHECK(idx.phrase("字貨幣研") == v({0, 1}));
  CHECK(idx.phrase("字货币研") == v({0, 1}));
}

TEST_CASE("highlights are byte spans of the Traditional text as written", "[analysis]") {
  libsearch::Analyzer a;
  const std::string text = "總統府表示，數字人民幣與數字貨幣不同。";
  auto spans_of = [&](const std::string& query, bool phrase) {
    std::vector<libsearch::detail::HighlightPattern> patterns;
    if (phrase) libsearch::detail::phrase_query(a, query, "", &patterns);
    else libsearch::detail::text_query(a, query, "", false, &patterns);
    std::string out;
    for (const auto& s : libsearch::detail::highlight(a, text, patterns))
      out += (out.empty() ? "" : "|") + text.substr(s.byte_start, s.byte_end - s.byte_start);
    return out;
  };
  CHECK(spans_of("数字人民币", true) == "數字人民幣");
  CHECK(spans_of("字人", true) == "字人");       // inside ICU's words
  CHECK(spans_of("数字", false) == "數字|數字");
  CHECK(spans_of("币", true) == "幣|幣");
  CHECK(spans_of("总统府", false) == "總統府");
}
