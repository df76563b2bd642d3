#include "analysis/word_segmenter.h"

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include "analysis/analyzer_internal.h"
#include "libsearch/analyzer.h"
#include "libsearch/corpus_reader.h"
#include "test_support.h"

namespace {

using libsearch::detail::WordSegment;

// The word segments ICU's root word break iterator gives for `text`.
std::vector<WordSegment> icu_segments(const std::u16string& text) {
  UErrorCode status = U_ZERO_ERROR;
  static std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  REQUIRE(U_SUCCESS(status));
  const icu::UnicodeString alias(false, text.data(), static_cast<int32_t>(text.size()));
  words->setText(alias);
  std::vector<WordSegment> out;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    if (words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT)
      out.push_back({start, end, words->getRuleStatus()});
  }
  words->setText(icu::UnicodeString());
  return out;
}

std::u16string utf16(const std::string& utf8) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  return std::u16string(u.getBuffer(), static_cast<std::size_t>(u.length()));
}

std::string utf8(const std::u16string& s) {
  std::string out;
  icu::UnicodeString(false, s.data(), static_cast<int32_t>(s.size())).toUTF8String(out);
  return out;
}

// "start-end/status ..." for comparison and messages.
std::string dump(const std::vector<WordSegment>& segments) {
  std::string out;
  for (const WordSegment& s : segments) {
    if (!out.empty()) out += " ";
    out += std::to_string(s.start) + "-" + std::to_string(s.end) + "/" +
           std::to_string(s.status);
  }
  return out;
}

// Segments `text` both ways; the simple segmenter must accept it.
void check_same_as_icu(const std::u16string& text) {
  std::vector<WordSegment> simple;
  INFO("text: [" << utf8(text) << "]");
  REQUIRE(libsearch::detail::segment_simple_words(text, simple));
  CHECK(dump(simple) == dump(icu_segments(text)));
}

std::string dump_terms(const std::vector<libsearch::Term>& terms) {
  std::string out;
  for (const libsearch::Term& t : terms) {
    out += t.term + "@" + std::to_string(t.position) + ":" + std::to_string(t.byte_start) +
           "-" + std::to_string(t.byte_end) + (t.positional ? "p" : "") + " ";
  }
  return out;
}

std::string dump_tokens(const std::vector<libsearch::Token>& tokens) {
  std::string out;
  for (const libsearch::Token& t : tokens) {
    out += t.text + "@" + std::to_string(t.position) + "+" + std::to_string(t.length) + ":" +
           std::to_string(t.byte_start) + "-" + std::to_string(t.byte_end) + "k" +
           std::to_string(static_cast<int>(t.kind)) + (t.continues_run ? "c" : "") + " ";
  }
  return out;
}

// Turns the simple segmenter off for the lifetime of the object.
struct IcuOnly {
  IcuOnly() { libsearch::detail::set_simple_word_segmentation(false); }
  ~IcuOnly() { libsearch::detail::set_simple_word_segmentation(true); }
  IcuOnly(const IcuOnly&) = delete;
  IcuOnly& operator=(const IcuOnly&) = delete;
};

}  // namespace

TEST_CASE("simple word segments equal ICU's on tricky cases", "[analysis]") {
  const char* const cases[] = {
      "U.S.", "e.g.", "i.e., the U.S. and the U.K.", "760.37", "4.5%", "1,000,000",
      "1,000,000.", "don't", "don't.", "China\u2019s", "China\u2018s", "\u2018quoted\u2019",
      "a1.2", "a1.2.b", "5G", "G20", "COVID-19", "foo_bar", "__x", "_", "__", "x_", "1_",
      "_1", "1_a", "a_1", "1._2", "a_.b", "3.a", "a.3", "a.", "a..b", "a.'b", "end...",
      "trailing dots..", "a:b", "10:30", "1;2", "1;;2", "a;b", "1, 2", "1,a", "a,1",
      "tabs\tand\nnew\r\nlines\x0b\x0c", "two  spaces", "no\u00A0break", "en\u2013dash",
      "em\u2014dash", "\u201Cquote\u201D", "so\u2026", "\u2022 bullet", "user@example.com",
      "@", "a@", "1@2", "$4.5 billion", "#1", "+86-10", "(2022)", "[a]", "O'Brien's",
      "rock'n'roll", "1'000", "1.2.3.4", "x.y.z.", ".5", "5.", "-5", "", " ", "a",
      "9", "\n", "\"a\"", "a\"b", "ABC123def", "12abc34", "a'", "'a", "1'", "'1",
  };
  for (const char* c : cases) check_same_as_icu(utf16(c));
}

TEST_CASE("simple word segments equal ICU's on random strings", "[analysis]") {
  // Every supported character, with letters, digits and the characters
  // that join them drawn more often.
  std::u16string all;
  for (char16_t c = 0x20; c < 0x7F; ++c) all += c;
  all += u"\t\n\v\f\r\u00A0\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026";
  const std::u16string joiners = u"aZq0915_@.,;:'\u2018\u2019 \n";
  std::mt19937 rng(20240517);
  for (int n = 0; n < 20000; ++n) {
    std::u16string text(1 + rng() % 24, u' ');
    for (char16_t& c : text)
      c = rng() % 3 ? joiners[rng() % joiners.size()] : all[rng() % all.size()];
    std::vector<WordSegment> simple;
    const bool accepted = libsearch::detail::segment_simple_words(text, simple);
    const std::string expected = dump(icu_segments(text));
    if (!accepted || dump(simple) != expected) {
      FAIL("text [" << utf8(text) << "]: accepted " << accepted << ", segments ["
                    << dump(simple) << "], ICU [" << expected << "]");
    }
  }
}

TEST_CASE("the simple word segmenter declines other text", "[analysis]") {
  std::vector<WordSegment> out;
  CHECK_FALSE(libsearch::detail::segment_simple_words(utf16("caf\u00E9"), out));
  CHECK_FALSE(libsearch::detail::segment_simple_words(utf16("5G\u7F51\u7EDC"), out));
  CHECK_FALSE(libsearch::detail::segment_simple_words(utf16("a\u00ADb"), out));  // soft hyphen
  CHECK_FALSE(libsearch::detail::segment_simple_words(utf16("\uFF21\uFF22"), out));  // full width
  CHECK_FALSE(libsearch::detail::segment_simple_words(utf16("a\x01"), out));
  CHECK_FALSE(libsearch::detail::segment_simple_words(utf16("\U0001F600"), out));
  CHECK(libsearch::detail::segment_simple_words(utf16("plain text, 4.5%"), out));
}

TEST_CASE("analyzer output is the same with and without the simple segmenter",
          "[analysis]") {
  libsearch::Analyzer a;
  const char* const texts[] = {
      "Geng Shuang's remarks on China\u2019s 5G and COVID-19: up 4.5% to 760.37",
      "U.S. e.g. don't O\u2019Brien\u2019s \u201Cquoted\u201D\u2014dash\u2026",
      "\u7F51\u7EDC 5G mixed", "caf\u00E9 society",
  };
  for (const char* text : texts) {
    CAPTURE(text);
    const std::string simple_terms = dump_terms(a.terms(text));
    const std::string simple_tokens = dump_tokens(a.tokenize(text, 7));
    IcuOnly icu_only;
    CHECK(dump_terms(a.terms(text)) == simple_terms);
    CHECK(dump_tokens(a.tokenize(text, 7)) == simple_tokens);
  }
}

TEST_CASE("the real corpus: English terms are the same with and without the simple segmenter",
          "[analysis][corpus]") {
  LIBSEARCH_REQUIRE_SHARED();
  std::vector<std::string> paragraphs;
  libsearch::DiagnosticList d;
  libsearch::read_corpus(libsearch::test::shared_dir() + "/corpus/real", d,
                         [&](libsearch::Release&& r) {
                           if (r.lang != "en") return;
                           paragraphs.push_back(r.title);
                           for (auto& p : r.body) paragraphs.push_back(std::move(p.text));
                         });
  REQUIRE(paragraphs.size() > 1000);
  libsearch::Analyzer a;
  std::vector<std::string> simple;
  simple.reserve(paragraphs.size());
  std::size_t accepted = 0;
  std::vector<WordSegment> segments;
  for (const std::string& p : paragraphs) {
    simple.push_back(dump_terms(a.terms(p)));
    segments.clear();
    if (libsearch::detail::segment_simple_words(utf16(p), segments)) ++accepted;
  }
  // Most English paragraphs take the simple path, or the test proves little.
  CHECK(accepted * 10 > paragraphs.size() * 9);
  IcuOnly icu_only;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    if (dump_terms(a.terms(paragraphs[i])) != simple[i]) {
      FAIL("paragraph differs: " << paragraphs[i]);
    }
  }
}
