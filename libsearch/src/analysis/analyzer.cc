#include "libsearch/analyzer.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <xapian.h>

#include "analysis/fold_table.h"
#include "analysis/utf8.h"
#include "libsearch/error.h"

namespace libsearch {
namespace detail {

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
  bool ascii = true;
  for (int32_t i = start; i < end; ++i) {
    if (s[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    for (int32_t i = start; i < end; ++i) {
      char c = static_cast<char>(s[i]);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out.push_back(c);
    }
    return;
  }
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
  if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) {
    w.resize(w.size() - 2);
  } else if (w.size() > 4 && w.compare(w.size() - 4, 4, "\xE2\x80\x99s") == 0) {
    w.resize(w.size() - 4);
  }
}

}  // namespace

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* norm = nullptr;  // ICU singleton: never deleted
  Xapian::Stem stemmer{"english"};
  detail::Utf16Text buffer;

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !words) {
      throw Error(std::string("ICU word break iterator: ") +
                  u_errorName(status));
    }
    norm = nfkc_casefold();
  }

  void tokenize(std::string_view text, std::uint32_t position,
                std::vector<Token>& out);
};

void Analyzer::Impl::tokenize(std::string_view text, std::uint32_t position,
                              std::vector<Token>& out) {
  detail::to_utf16(text, buffer);
  std::u16string& u = buffer.units;
  // Fold Traditional to Simplified before segmenting, so both scripts are
  // segmented alike. The fold is one-to-one in the BMP, so offsets hold.
  for (char16_t& c : u) {
    if (c >= 0x3400) c = detail::fold_han(c);
  }
  icu::UnicodeString alias(false, u.data(), static_cast<int32_t>(u.size()));
  words->setText(alias);

  int32_t prev_han_end = -1;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const int32_t status = words->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    UChar32 first;
    U16_GET(u.data(), 0, start, static_cast<int32_t>(u.size()), first);
    Token token;
    if ((status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT) ||
        is_han(first)) {
      token.kind = Token::Kind::kHan;
      std::uint32_t chars = 0;
      for (int32_t i = start; i < end;) {
        UChar32 c;
        const int32_t at = i;
        U16_NEXT(u.data(), i, end, c);
        if (is_space(c)) continue;
        normalize_into(norm, u.data(), at, i, token.text);
        ++chars;
      }
      if (chars == 0) continue;
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
      if (token.text.empty()) continue;
      prev_han_end = -1;
    }
    token.byte_start = buffer.byte_offset(start);
    token.byte_end = buffer.byte_offset(end);
    token.position = position;
    position += token.length;
    out.push_back(std::move(token));
  }
  words->setText(icu::UnicodeString());
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
  std::vector<Token> tokens = tokenize(text, first_position);
  std::vector<Term> out;
  out.reserve(tokens.size() * 3);
  // The previous Han character of the current run, for bigrams that cross
  // token boundaries.
  std::string prev_char;
  std::uint32_t prev_pos = 0;
  std::size_t prev_start = 0;
  for (const Token& t : tokens) {
    if (t.kind != Token::Kind::kHan) {
      prev_char.clear();
      if (t.text.size() > kMaxTermBytes) continue;
      out.push_back({t.text, t.position, t.byte_start, t.byte_end});
      if (t.kind == Token::Kind::kWord) {
        out.push_back({"Z" + impl_->stemmer(t.text), 0, t.byte_start,
                       t.byte_end});
      }
      continue;
    }
    if (!t.continues_run) prev_char.clear();
    if (t.text.size() <= kMaxTermBytes) {
      out.push_back({t.text, t.position, t.byte_start, t.byte_end});
    }
    // Walk the original bytes and the normalised text in step, one Han
    // character at a time.
    std::size_t byte = t.byte_start;
    std::size_t norm = 0;
    std::uint32_t pos = t.position;
    while (byte < t.byte_end && norm < t.text.size()) {
      std::size_t byte_next = byte;
      char32_t c = detail::decode_utf8(text, byte_next);
      if (c < 0x80 || is_space(static_cast<UChar32>(c))) {
        byte = byte_next;
        continue;
      }
      std::size_t norm_next = norm;
      detail::decode_utf8(t.text, norm_next);
      std::string ch = t.text.substr(norm, norm_next - norm);
      out.push_back({"U" + ch, 0, byte, byte_next});
      if (!prev_char.empty()) {
        out.push_back({"B" + prev_char + ch, prev_pos, prev_start, byte_next});
      }
      prev_char = std::move(ch);
      prev_pos = pos;
      prev_start = byte;
      ++pos;
      byte = byte_next;
      norm = norm_next;
    }
  }
  return out;
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
