#include "libsearch/analyzer.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <xapian.h>

#include "analysis/analyzer_internal.h"
#include "analysis/fold_table.h"
#include "analysis/lexicon.h"
#include "analysis/utf8.h"
#include "analysis/word_segmenter.h"
#include "libsearch/error.h"

namespace libsearch {
namespace detail {
namespace {
std::atomic<bool> simple_segmentation{true};
}  // namespace

void set_simple_word_segmentation(bool enabled) {
  simple_segmentation.store(enabled, std::memory_order_relaxed);
}

bool simple_word_segmentation() {
  return simple_segmentation.load(std::memory_order_relaxed);
}

char16_t fold_han(char16_t c) {
  // A direct table over the BMP: 128 KiB built once, then one load per
  // character, which keeps transliteration off the per-token path.
  static const std::vector<char16_t> table = [] {
    std::vector<char16_t> t(0x10000);
    for (unsigned i = 0; i < t.size(); ++i) t[i] = static_cast<char16_t>(i);
    for (unsigned i = 0; i < kFoldPairCount; ++i)
      t[kFoldPairs[i].from] = static_cast<char16_t>(kFoldPairs[i].to);
    return t;
  }();
  return table[c];
}

}  // namespace detail

namespace {

// Longer terms are dropped: Xapian refuses terms over 245 bytes, and nothing
// that long is a word anyone searches for.
constexpr std::size_t kMaxTermBytes = 120;

bool is_han(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x323AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         c == 0x3007;
}

bool is_space(UChar32 c) { return u_isUWhiteSpace(c) || c == 0x3000; }

const icu::Normalizer2* nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status))
    throw Error(std::string("ICU NFKC_Casefold: ") + u_errorName(status));
  return n;
}

// NFKC case folding of units [start, end) of `s`, appended as UTF-8.
void normalize_into(const icu::Normalizer2* norm, const char16_t* s,
                    int32_t start, int32_t end, std::string& out) {
  // ASCII, most of English text: lower-cased in place of ICU.
  const std::size_t base = out.size();
  out.resize(base + static_cast<std::size_t>(end - start));
  char* d = &out[base];
  int32_t i = start;
  for (; i < end; ++i) {
    const char16_t c = s[i];
    if (c >= 0x80) break;
    *d++ = static_cast<char>(
        c + (static_cast<unsigned>(c - u'A') < 26u ? 'a' - 'A' : 0));
  }
  if (i == end) return;
  out.resize(base);
  icu::UnicodeString src(false, s + start, end - start);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString dst = norm->normalize(src, status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU normalize: ") + u_errorName(status));
  }
  dst.toUTF8String(out);
}

// Drops an English possessive ("shuang's" -> "shuang") so that a phrase
// written without it still matches.
void strip_possessive(std::string& w) {
  const std::size_t n = w.size();
  if (n < 3 || w[n - 1] != 's') return;
  if (w[n - 2] == '\'') {
    w.resize(n - 2);
  } else if (n > 4 && w.compare(n - 4, 3, "\xE2\x80\x99") == 0) {
    w.resize(n - 4);
  }
}

// Appends the UTF-8 form of one folded UTF-16 character (units [at, next)),
// NFKC case folded. CJK unified ideographs are their own NFKC case fold, so
// the common case skips ICU.
void normalize_char(const icu::Normalizer2* norm, const char16_t* s,
                    int32_t at, int32_t next, std::string& out) {
  const char16_t c = s[at];
  if (next == at + 1 &&
      ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    return;
  }
  normalize_into(norm, s, at, next, out);
}

// Snowball stemming is most of the cost of English text, and a few thousand
// words make up most of it: the "Z" terms of words seen are remembered.
// Open addressing over a power-of-two table of (hash, entry) slots, the
// entries in one vector; bounded: everything is dropped when it is full.
class StemCache {
 public:
  // The "Z" term of `word`, stemmed by `stemmer` on a miss. The reference
  // holds until the next call.
  const std::string& get(const std::string& word, const Xapian::Stem& stemmer) {
    const std::uint32_t hash = hash_of(word);
    if (!slots_.empty()) {
      const std::size_t mask = slots_.size() - 1;
      for (std::size_t i = hash & mask; slots_[i].entry != 0; i = (i + 1) & mask) {
        if (slots_[i].hash != hash) continue;
        const Entry& e = entries_[slots_[i].entry - 1];
        if (e.word == word) return e.term;
      }
    }
    if (entries_.size() >= kMaxEntries) {
      entries_.clear();
      std::fill(slots_.begin(), slots_.end(), Slot{});
    }
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    entries_.push_back({word, "Z" + stemmer(word)});
    insert(hash, static_cast<std::uint32_t>(entries_.size()));
    return entries_.back().term;
  }

 private:
  static constexpr std::size_t kMaxEntries = 1 << 16;
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t entry = 0;  // index into entries_ + 1; 0: empty
  };
  struct Entry {
    std::string word;
    std::string term;
  };

  // FNV-1a: words are short.
  static std::uint32_t hash_of(const std::string& word) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : word) h = (h ^ c) * 16777619u;
    return h;
  }

  void insert(std::uint32_t hash, std::uint32_t entry) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = {hash, entry};
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    for (const Slot& s : old) {
      if (s.entry != 0) insert(s.hash, s.entry);
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
};

// Appends a term, built in place in `out`: measurably faster than moving in
// a temporary Term.
template <typename S>
void add_term(std::vector<Term>& out, S&& term, std::uint32_t position,
              std::size_t byte_start, std::size_t byte_end, bool positional) {
  Term& added = out.emplace_back();
  added.term = std::forward<S>(term);
  added.position = position;
  added.byte_start = byte_start;
  added.byte_end = byte_end;
  added.positional = positional;
}

// The same, placed where token `t` stands.
template <typename S>
void add_term(std::vector<Term>& out, S&& term, const Token& t, bool positional) {
  add_term(out, std::forward<S>(term), t.position, t.byte_start, t.byte_end,
           positional);
}

}  // namespace

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* norm = nullptr;  // ICU singleton: never deleted
  const detail::Lexicon* lexicon = nullptr;
  Xapian::Stem stemmer{"english"};
  detail::Utf16Text buffer;
  // For each token of the last tokenize(): its UTF-16 units [first, second).
  std::vector<std::pair<int32_t, int32_t>> units;
  // Extra Chinese words of the last tokenize(): ICU's pieces of a word the
  // lexicon joined, and lexicon words inside a longer ICU word.
  struct ExtraWord {
    std::size_t token;
    int32_t unit_start, unit_end;
  };
  std::vector<ExtraWord> extras;
  // The word segments of the last tokenize().
  std::vector<detail::WordSegment> segments;
  std::vector<Token> scratch;
  StemCache stems;

  // The "Z" term of a normalised word: "Z" + its stem. The reference holds
  // until the next call.
  const std::string& stem_term(const std::string& word) {
    return stems.get(word, stemmer);
  }

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !words) {
      throw Error(std::string("ICU word break iterator: ") +
                  u_errorName(status));
    }
    norm = nfkc_casefold();
    lexicon = &detail::Lexicon::builtin();
  }

  // With `by_character`, Chinese characters are tokens of their own (see
  // Analyzer::character_terms).
  void tokenize(std::string_view text, std::uint32_t position,
                std::vector<Token>& out, bool by_character = false);
  // Fills `segments` with the word segments of `buffer`.
  void segment_words();
  // The same with each Chinese character a segment of its own, or false
  // when the text holds characters ICU segments together with Chinese ones.
  bool segment_by_character();
  // Appends the word segments of units [start, end) of `buffer`, segmented
  // apart from the rest.
  void segment_stretch(int32_t start, int32_t end);
  void join_lexicon_words(std::vector<Token>& tokens);
  void find_inner_words(const std::vector<Token>& tokens);
  // Appends the normalised Han characters of units [start, end) as
  // (UTF-8 text, byte start, byte end), white space skipped.
  template <typename F>
  void for_each_han_char(int32_t start, int32_t end, F&& f) const;
};

template <typename F>
void Analyzer::Impl::for_each_han_char(int32_t start, int32_t end,
                                       F&& f) const {
  const char16_t* u = buffer.units.data();
  std::string ch;
  for (int32_t i = start; i < end;) {
    UChar32 c;
    const int32_t at = i;
    U16_NEXT(u, i, end, c);
    if (is_space(c)) continue;
    ch.clear();
    normalize_char(norm, u, at, i, ch);
    if (ch.empty()) continue;
    f(ch, buffer.byte_offset(at), buffer.byte_offset(i));
  }
}

// ICU's word rules never join a Chinese character with the characters
// around it, except those that extend the one before (combining marks,
// format characters) and scripts its dictionaries segment along with Chinese
// (kana; Thai, Lao, Khmer and Burmese): text holding none of those segments
// the same stretch by stretch.
bool segments_apart_from_han_uncached(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_EXTEND:
    case U_WB_FORMAT:
    case U_WB_ZWJ:
    case U_WB_KATAKANA:
      return false;
    default:
      break;
  }
  if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return false;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script != USCRIPT_HIRAGANA && script != USCRIPT_KATAKANA &&
         !(u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) && !is_han(c));
}

// The same, with Chinese and full-width punctuation (most of what stands
// between Chinese characters) looked up in a table.
bool segments_apart_from_han(UChar32 c) {
  if (c < 0x80) return true;
  static const std::vector<bool> table = [] {
    std::vector<bool> t(0x10000, false);
    for (UChar32 x = 0x3000; x <= 0x303F; ++x) t[x] = segments_apart_from_han_uncached(x);
    for (UChar32 x = 0xFF00; x <= 0xFFEF; ++x) t[x] = segments_apart_from_han_uncached(x);
    return t;
  }();
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))
    return table[static_cast<std::size_t>(c)];
  return segments_apart_from_han_uncached(c);
}

void Analyzer::Impl::segment_stretch(int32_t start, int32_t end) {
  if (start >= end) return;
  const std::u16string_view stretch(buffer.units.data() + start,
                                    static_cast<std::size_t>(end - start));
  const std::size_t first = segments.size();
  if (detail::simple_word_segmentation() && detail::segment_simple_words(stretch, segments)) {
    for (std::size_t i = first; i < segments.size(); ++i) {
      segments[i].start += start;
      segments[i].end += start;
    }
    return;
  }
  segments.resize(first);
  icu::UnicodeString alias(false, stretch.data(), static_cast<int32_t>(stretch.size()));
  words->setText(alias);
  int32_t from = words->first();
  for (int32_t to = words->next(); to != icu::BreakIterator::DONE; from = to, to = words->next()) {
    const int32_t status = words->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    segments.push_back({start + from, start + to, status});
  }
  words->setText(icu::UnicodeString());
}

bool Analyzer::Impl::segment_by_character() {
  const char16_t* u = buffer.units.data();
  const auto n = static_cast<int32_t>(buffer.units.size());
  // Text without Chinese (nothing at or above U+3400, where Han and the
  // surrogates start) segments the same either way.
  if (std::none_of(u, u + n, [](char16_t c) { return c >= 0x3400; })) return false;
  segments.clear();
  int32_t stretch = 0;  // start of the current stretch without Chinese
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U16_NEXT(u, i, n, c);
    if (is_han(c)) {
      segment_stretch(stretch, at);
      segments.push_back({at, i, UBRK_WORD_IDEO});
      stretch = i;
    } else if (!segments_apart_from_han(c)) {
      return false;
    }
  }
  segment_stretch(stretch, n);
  return true;
}

void Analyzer::Impl::segment_words() {
  const std::u16string& u = buffer.units;
  segments.clear();
  // Plain English text (ASCII and a few typographic marks) is segmented
  // without ICU, to the same segments and statuses.
  if (detail::simple_word_segmentation() &&
      detail::segment_simple_words(u, segments))
    return;
  segments.clear();
  icu::UnicodeString alias(false, u.data(), static_cast<int32_t>(u.size()));
  words->setText(alias);
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const int32_t status = words->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    segments.push_back({start, end, status});
  }
  words->setText(icu::UnicodeString());
}

void Analyzer::Impl::tokenize(std::string_view text, std::uint32_t position,
                              std::vector<Token>& out, bool by_character) {
  out.clear();
  units.clear();
  extras.clear();
  detail::to_utf16(text, buffer);
  std::u16string& u = buffer.units;
  // Fold Traditional to Simplified before segmenting, so both scripts are
  // segmented alike. The fold is one-to-one in the BMP, so offsets hold.
  for (char16_t& c : u) {
    if (c >= 0x3400) c = detail::fold_han(c);
  }
  const bool per_character = by_character && segment_by_character();
  if (!per_character) segment_words();

  int32_t prev_han_end = -1;
  for (const detail::WordSegment& segment : segments) {
    const int32_t start = segment.start;
    const int32_t end = segment.end;
    const int32_t status = segment.status;
    UChar32 first;
    U16_GET(u.data(), 0, start, static_cast<int32_t>(u.size()), first);
    // Built in place; taken back when it comes out empty.
    Token& token = out.emplace_back();
    if ((status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT) ||
        is_han(first)) {
      token.kind = Token::Kind::kHan;
      std::uint32_t chars = 0;
      for (int32_t i = start; i < end;) {
        UChar32 c;
        const int32_t at = i;
        U16_NEXT(u.data(), i, end, c);
        if (is_space(c)) continue;
        normalize_char(norm, u.data(), at, i, token.text);
        ++chars;
      }
      if (chars == 0 || token.text.empty()) {
        out.pop_back();
        continue;
      }
      token.length = chars;
      if (prev_han_end >= 0) {
        bool only_space = true;
        for (int32_t i = prev_han_end; i < start;) {
          UChar32 c;
          U16_NEXT(u.data(), i, start, c);
          if (!is_space(c)) {
            only_space = false;
            break;
          }
        }
        token.continues_run = only_space;
      }
      prev_han_end = end;
    } else {
      token.kind = (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
                       ? Token::Kind::kNumber
                       : Token::Kind::kWord;
      normalize_into(norm, u.data(), start, end, token.text);
      if (token.kind == Token::Kind::kWord) strip_possessive(token.text);
      if (token.text.empty()) {
        out.pop_back();
        continue;
      }
      prev_han_end = -1;
    }
    token.byte_start = buffer.byte_offset(start);
    token.byte_end = buffer.byte_offset(end);
    units.emplace_back(start, end);
  }

  // Lexicon words are words: character analysis has none (positions do not
  // depend on them).
  if (lexicon->size() > 0 && !per_character) {
    join_lexicon_words(out);
    find_inner_words(out);
    std::stable_sort(extras.begin(), extras.end(),
                     [](const ExtraWord& a, const ExtraWord& b) {
                       return a.token < b.token;
                     });
  }
  for (Token& t : out) {
    t.position = position;
    position += t.length;
  }
}

// Joins consecutive Han tokens that touch (no space between) into one token
// when together they spell a lexicon word, longest first: ICU's 疫/情 becomes
// 疫情, 习/近平 becomes 习近平. ICU's pieces stay findable as words (extras).
void Analyzer::Impl::join_lexicon_words(std::vector<Token>& tokens) {
  const char16_t* u = buffer.units.data();
  const std::size_t max_len = lexicon->max_length();
  std::size_t write = 0;
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t best = i;
    if (tokens[i].kind == Token::Kind::kHan && units[i].second - units[i].first < static_cast<int32_t>(max_len)) {
      for (std::size_t k = i + 1; k < tokens.size(); ++k) {
        if (tokens[k].kind != Token::Kind::kHan ||
            units[k].first != units[k - 1].second)
          break;
        const int32_t len = units[k].second - units[i].first;
        if (len > static_cast<int32_t>(max_len)) break;
        if (lexicon->contains(u + units[i].first, u + units[k].second)) best = k;
      }
    }
    if (best > i) {
      Token joined = std::move(tokens[i]);
      for (std::size_t k = i; k <= best; ++k) {
        if (units[k].second - units[k].first >= 2)
          extras.push_back({write, units[k].first, units[k].second});
        if (k == i) continue;
        joined.text += tokens[k].text;
        joined.length += tokens[k].length;
        joined.byte_end = tokens[k].byte_end;
      }
      const std::pair<int32_t, int32_t> span{units[i].first, units[best].second};
      tokens[write] = std::move(joined);
      units[write] = span;
      i = best + 1;
    } else {
      if (write != i) {
        tokens[write] = std::move(tokens[i]);
        units[write] = units[i];
      }
      ++i;
    }
    ++write;
  }
  tokens.resize(write);
  units.resize(write);
}

// Lexicon words strictly inside a longer Han token (记者 in ICU's 本报记者).
void Analyzer::Impl::find_inner_words(const std::vector<Token>& tokens) {
  const char16_t* u = buffer.units.data();
  const int32_t max_len = static_cast<int32_t>(lexicon->max_length());
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (tokens[t].kind != Token::Kind::kHan) continue;
    const auto [start, end] = units[t];
    if (end - start < 3) continue;
    for (int32_t i = start; i + 1 < end; ++i) {
      for (int32_t j = i + 2; j <= end && j - i <= max_len; ++j) {
        if (i == start && j == end) continue;
        if (lexicon->contains(u + i, u + j)) extras.push_back({t, i, j});
      }
    }
  }
}

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::vector<Token> Analyzer::tokenize(std::string_view text,
                                      std::uint32_t first_position) {
  std::vector<Token> out;
  impl_->tokenize(text, first_position, out);
  return out;
}

std::string Analyzer::stem(const std::string& word) const {
  return impl_->stemmer(word);
}

std::vector<Term> Analyzer::terms(std::string_view text,
                                  std::uint32_t first_position) {
  std::vector<Term> out;
  terms(text, first_position, out);
  return out;
}

void Analyzer::terms(std::string_view text, std::uint32_t first_position,
                     std::vector<Term>& out) {
  terms(text, first_position, out, false);
}

void Analyzer::character_terms(std::string_view text, std::uint32_t first_position,
                               std::vector<Term>& out) {
  terms(text, first_position, out, true);
}

void Analyzer::terms(std::string_view text, std::uint32_t first_position,
                     std::vector<Term>& out, bool by_character) {
  out.clear();
  Impl& im = *impl_;
  std::vector<Token>& tokens = im.scratch;
  im.tokenize(text, first_position, tokens, by_character);
  out.reserve(tokens.size() * 4);
  // The previous Han character of the current run, for bigrams that cross
  // token boundaries.
  std::string prev_char;
  std::uint32_t prev_pos = 0;
  std::size_t prev_start = 0;
  std::size_t extra = 0;
  for (std::size_t ti = 0; ti < tokens.size(); ++ti) {
    Token& t = tokens[ti];
    if (t.kind != Token::Kind::kHan) {
      prev_char.clear();
      if (t.text.size() > kMaxTermBytes) continue;
      if (t.kind == Token::Kind::kWord) {
        // The stem first: the word itself then moves out of the scratch
        // token, which is not read again.
        const std::string& stem = im.stem_term(t.text);
        add_term(out, std::move(t.text), t, true);
        add_term(out, stem, t, false);
      } else {
        add_term(out, std::move(t.text), t, true);
      }
      continue;
    }
    if (!t.continues_run) prev_char.clear();
    // A one-character word is its "U" term already.
    if (t.length > 1 && t.text.size() <= kMaxTermBytes) {
      add_term(out, t.text, t, false);
    }
    std::uint32_t pos = t.position;
    const std::size_t first_char = out.size();
    im.for_each_han_char(
        im.units[ti].first, im.units[ti].second,
        [&](const std::string& ch, std::size_t b0, std::size_t b1) {
          add_term(out, "U" + ch, pos, b0, b1, true);
          if (!prev_char.empty()) {
            add_term(out, "B" + prev_char + ch, prev_pos, prev_start, b1,
                     false);
          }
          prev_char = ch;
          prev_pos = pos;
          prev_start = b0;
          ++pos;
        });
    // Extra words of this token, placed by their characters.
    for (; extra < im.extras.size() && im.extras[extra].token == ti; ++extra) {
      const auto& e = im.extras[extra];
      std::string word;
      std::size_t b0 = im.buffer.byte_offset(e.unit_start);
      std::size_t b1 = im.buffer.byte_offset(e.unit_end);
      std::uint32_t epos = t.position;
      im.for_each_han_char(
          e.unit_start, e.unit_end,
          [&](const std::string& ch, std::size_t, std::size_t) { word += ch; });
      // The extra's first position: count the token's characters before it.
      for (std::size_t k = first_char; k < out.size(); ++k) {
        if (out[k].term[0] == 'U' && out[k].byte_start < b0) ++epos;
      }
      if (!word.empty() && word.size() <= kMaxTermBytes && word != t.text)
        add_term(out, std::move(word), epos, b0, b1, false);
    }
  }
}

std::string normalize_text(std::string_view text) {
  detail::Utf16Text buffer;
  detail::to_utf16(text, buffer);
  for (char16_t& c : buffer.units) {
    if (c >= 0x3400) c = detail::fold_han(c);
  }
  std::string out;
  normalize_into(nfkc_casefold(), buffer.units.data(), 0,
                 static_cast<int32_t>(buffer.units.size()), out);
  return out;
}

}  // namespace libsearch
