// Turns a release into the Xapian documents of its passages. Holds one
// Analyzer, PassageSplitter and SpeakerExtractor: not thread-safe, one per
// thread. Building is pure computation, so many builders can run in
// parallel while one thread writes.
#ifndef LIBSEARCH_INDEX_DOCUMENT_BUILDER_H_
#define LIBSEARCH_INDEX_DOCUMENT_BUILDER_H_

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "libsearch/analyzer.h"
#include "libsearch/release.h"
#include "passages/passage_splitter.h"
#include "passages/speaker_extractor.h"

namespace libsearch::detail {

struct PreparedRelease {
  std::string id;
  std::string hash;  // content hash, hex
  std::vector<Xapian::Document> documents;
  // (speaker key, name as written) for each speaker met, for facet labels.
  std::vector<std::pair<std::string, std::string>> speakers;
  std::size_t passages() const { return documents.size(); }
};

// Stable content hash of everything that is indexed from a release, plus the
// analyzer and schema versions.
std::string content_hash(const Release& release);

class DocumentBuilder {
 public:
  DocumentBuilder() = default;
  DocumentBuilder(const DocumentBuilder&) = delete;  // owns ICU state
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  PreparedRelease build(const Release& release);
  // Passages with speakers and dates, as they would be indexed.
  std::vector<Passage> passages(const Release& release);

 private:
  // Adds the terms of `text` with `prefix`; with `positions`, positional
  // terms keep their positions.
  void index_text(Xapian::Document& doc, const std::string& text,
                  const std::string& prefix, bool positions);
  Analyzer analyzer_;
  std::vector<Term> terms_;  // reused between calls
  std::string term_buffer_;
  PassageSplitter splitter_;
  SpeakerExtractor speakers_;
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_DOCUMENT_BUILDER_H_
