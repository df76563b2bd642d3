#include "passages/passage_splitter.h"

#include <string>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include "analysis/utf8.h"
#include "libsearch/error.h"

namespace libsearch {

PassageSplitter::PassageSplitter(std::size_t max_bytes) : max_bytes_(max_bytes) {
  UErrorCode status = U_ZERO_ERROR;
  sentences_.reset(icu::BreakIterator::createSentenceInstance(
      icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !sentences_)
    throw Error(std::string("ICU sentence break iterator: ") +
                u_errorName(status));
}

PassageSplitter::~PassageSplitter() = default;

std::vector<Passage> PassageSplitter::split(const Release& release) {
  std::vector<Passage> out;
  std::string section;
  for (std::size_t i = 0; i < release.body.size(); ++i) {
    const Paragraph& p = release.body[i];
    if (p.kind == Paragraph::Kind::kHeading) section = p.text;
    Passage base;
    base.paragraph = static_cast<int>(i);
    base.section = section;
    if (p.text.size() <= max_bytes_) {
      base.text = p.text;
      out.push_back(std::move(base));
      continue;
    }
    // Long paragraph: gather whole sentences up to the limit. A single
    // sentence longer than the limit stays whole rather than being cut
    // mid-word.
    detail::Utf16Text u;
    detail::to_utf16(p.text, u);
    icu::UnicodeString alias(false, u.units.data(),
                             static_cast<int32_t>(u.units.size()));
    sentences_->setText(alias);
    std::size_t piece_start = 0;
    std::size_t last_break = 0;
    for (int32_t b = sentences_->next(); b != icu::BreakIterator::DONE;
         b = sentences_->next()) {
      const std::size_t byte = u.byte_offset(static_cast<std::size_t>(b));
      if (byte - piece_start > max_bytes_ && last_break > piece_start) {
        Passage part = base;
        part.text = p.text.substr(piece_start, last_break - piece_start);
        while (!part.text.empty() && part.text.back() == ' ') part.text.pop_back();
        out.push_back(std::move(part));
        piece_start = last_break;
      }
      last_break = byte;
    }
    sentences_->setText(icu::UnicodeString());
    if (piece_start < p.text.size()) {
      Passage part = base;
      part.text = p.text.substr(piece_start);
      while (!part.text.empty() && part.text.back() == ' ') part.text.pop_back();
      if (!part.text.empty()) out.push_back(std::move(part));
    }
  }
  return out;
}

}  // namespace libsearch
