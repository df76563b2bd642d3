// Phrases and highlights through the analyzer's terms: a quoted run of
// characters matches exactly where those characters stand, however ICU
// segmented the text either side, and highlights are byte spans of the
// original (Traditional) text.
#include <string>
#include <utility>
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
  // A Chinese run is matched in one of two forms, chosen by term
  // frequencies (see exact_chars): each form must match the same texts.
  std::vector<int> phrase(const std::string& text) {
    return agreed([&](const libsearch::detail::TermFreqFn& freq) {
      return libsearch::detail::phrase_query(analyzer_, text, "", nullptr, freq);
    });
  }
  std::vector<int> words(const std::string& text) {
    return agreed([&](const libsearch::detail::TermFreqFn& freq) {
      return libsearch::detail::text_query(analyzer_, text, "", false, nullptr, freq);
    });
  }
  std::vector<int> loose_words(const std::string& text) {
    return agreed([&](const libsearch::detail::TermFreqFn& freq) {
      return libsearch::detail::text_query(analyzer_, text, "", false, nullptr, freq, nullptr,
                                           true);
    });
  }
  template <class Build>
  std::vector<int> agreed(Build build) {
    // As if no text held the run as a word, and as the index says.
    const libsearch::detail::TermFreqFn never_a_word = [](const std::string& t) {
      return Xapian::doccount{t.rfind('B', 0) == 0 ? 100u : 0u};
    };
    const libsearch::detail::TermFreqFn from_index = [this](const std::string& t) {
      return db_.get_termfreq(t);
    };
    const std::vector<int> word_first = match(build(nullptr));
    CHECK(match(build(never_a_word)) == word_first);
    CHECK(match(build(from_index)) == word_first);
    return word_first;
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

TEST_CASE("a Chinese phrase takes the faster of its two forms, ranking the same", "[analysis]") {
  TempDir dir;
  const std::string path = dir / "db";
  {
    // 国防部 as ICU's word in some texts; inside 国防部长 (国防 / 部长) in
    // others, where only the characters' positions show the phrase.
    std::vector<std::string> texts;
    for (int i = 0; i < 6; ++i) texts.push_back("国防部发表声明，国防部表示关切。");
    for (int i = 0; i < 4; ++i) texts.push_back("国防部长会见了来访的代表团。");
    texts.push_back("加强国防建设和海防部队。");  // both bigrams, not the phrase
    TextIndex build(path, texts);
  }
  Xapian::Database db(path);
  libsearch::Analyzer a;
  const auto freq = [&](const std::string& t) { return db.get_termfreq(t); };
  const auto rare_word = [](const std::string& t) {
    return Xapian::doccount{t.rfind('B', 0) == 0 ? 10u : 1u};
  };
  const auto common_word = [](const std::string& t) {
    return Xapian::doccount{t.rfind('B', 0) == 0 ? 10u : 9u};
  };
  REQUIRE(db.get_termfreq("国防部") == 6);
  auto ranked = [&](const Xapian::Query& q) {
    Xapian::Enquire e(db);
    e.set_query(q);
    std::vector<std::pair<Xapian::docid, double>> out;
    const Xapian::MSet m = e.get_mset(0, 20);
    for (auto it = m.begin(); it != m.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
  };
  const Xapian::Query word_first = libsearch::detail::phrase_query(a, "国防部", "", nullptr);
  const Xapian::Query rare =
      libsearch::detail::phrase_query(a, "国防部", "", nullptr, rare_word);
  const Xapian::Query common =
      libsearch::detail::phrase_query(a, "国防部", "", nullptr, common_word);
  // Word first skips the positions of texts holding the word (a synonym);
  // the other form checks the phrase wherever the bigrams are.
  CHECK(word_first.get_description().find("SYNONYM") != std::string::npos);
  CHECK(common.get_description().find("SYNONYM") != std::string::npos);
  CHECK(rare.get_description().find("SYNONYM") == std::string::npos);
  CHECK(rare.get_description().find("PHRASE") != std::string::npos);
  const auto expected = ranked(word_first);
  REQUIRE(expected.size() == 10);
  // The same passages in the same order with the same weights (summed in
  // another order, so equal to rounding).
  auto same = [&](const std::vector<std::pair<Xapian::docid, double>>& got) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].first == expected[i].first);
      CHECK(got[i].second == Approx(expected[i].second).epsilon(1e-9));
    }
  };
  same(ranked(rare));
  same(ranked(common));
  same(ranked(libsearch::detail::phrase_query(a, "国防部", "", nullptr, freq)));
  // In a query with other words the phrase is checked after them.
  const Xapian::Query with_more(Xapian::Query::OP_AND, rare,
                                libsearch::detail::text_query(a, "代表团", "", false, nullptr));
  CHECK(ranked(with_more).size() == 4);
}

TEST_CASE("issue 16: an unquoted Chinese run matches where it stands as written",
          "[analysis]") {
  TempDir dir;
  TextIndex idx(dir / "db", {
      "支持发展中国家的发展",        // 0
      "中国作为最大的发展中国家",    // 1
      "发展经济，中国和其他国家",    // 2: every word, apart
      "美方挑起贸易战",              // 3
      "贸易摩擦和货币战",            // 4: 贸易 and 战, apart
      "發展中國家",                  // 5: Traditional
      "推进5G网络建设",              // 6
      "5G和网络",                    // 7: apart
      "G20峰会在杭州举行",           // 8
      "G20领导人出席峰会",           // 9: apart
  });
  for (const char* run : {"发展中国家", "發展中國家", "贸易战", "5G网络", "G20峰会",
                          "展中国", "易战", "国家的发"}) {
    CAPTURE(run);
    CHECK(idx.words(run) == idx.phrase(run));
  }
  CHECK(idx.words("发展中国家") == v({0, 1, 5}));
  CHECK(idx.words("贸易战") == v({3}));
  CHECK(idx.words("5G网络") == v({6}));
  CHECK(idx.words("G20峰会") == v({8}));
  // Words typed apart are each a run, ANDed.
  CHECK(idx.words("发展 国家") == v({0, 1, 2, 5}));
  // The loose form (~word): its words and characters anywhere.
  CHECK(idx.loose_words("发展中国家") == v({0, 1, 2, 5}));
  CHECK(idx.loose_words("贸易战") == v({3, 4}));
  CHECK(idx.loose_words("5G网络") == v({6, 7}));
}

TEST_CASE("issue 16: highlights mark the whole run, never a part of it elsewhere",
          "[analysis]") {
  libsearch::Analyzer a;
  auto spans_of = [&](const std::string& text, const std::string& query, bool loose) {
    std::vector<libsearch::detail::HighlightPattern> patterns;
    libsearch::detail::text_query(a, query, "", false, &patterns, nullptr, nullptr, loose);
    std::string out;
    for (const auto& s : libsearch::detail::highlight(a, text, patterns))
      out += (out.empty() ? "" : "|") + text.substr(s.byte_start, s.byte_end - s.byte_start);
    return out;
  };
  CHECK(spans_of("中国作为最大的发展中国家，国家利益", "发展中国家", false) == "发展中国家");
  CHECK(spans_of("贸易摩擦升级为贸易战，挑战", "贸易战", false) == "贸易战");
  CHECK(spans_of("美方挑起貿易戰", "贸易战", false) == "貿易戰");
  CHECK(spans_of("5G网络和网络安全", "5G网络", false) == "5G网络");
  // Punctuation takes no position: the run typed together is marked only
  // where its characters touch (white space aside).
  CHECK(spans_of("世界的和平稳定，世界的和平、稳定", "的和平稳定", false) == "的和平稳定");
  CHECK(spans_of("世界的和平 稳定", "的和平稳定", false) == "的和平 稳定");
  CHECK(spans_of("贸易 tariffs 美国", "贸易 tariffs", false) == "贸易|tariffs");
  // The loose form marks its words wherever they are.
  CHECK(spans_of("贸易摩擦升级，挑战", "贸易战", true) == "贸易|战");
}
