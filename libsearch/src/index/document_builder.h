// Turns a release into the Xapian documents of its passages. Holds one
// Analyzer, PassageSplitter and SpeakerExtractor: not thread-safe, one per
// thread. Building is pure computation, so many builders can run in
// parallel while one thread writes.
#ifndef LIBSEARCH_INDEX_DOCUMENT_BUILDER_H_
#define LIBSEARCH_INDEX_DOCUMENT_BUILDER_H_

#include <string>
#include <unordered_map>
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
  // (speaker key, name as written) for each speaker met, once per key, for
  // facet labels.
  std::vector<std::pair<std::string, std::string>> speakers;
  // (speaker key, name as written) once per key and script (Chinese
  // characters or Latin letters), for the facet label in each script.
  std::vector<std::pair<std::string, std::string>> speaker_scripts;
  // (speaker_lookup_name, key) for each distinct name that needed
  // transliteration, so that queries naming it skip the transliterator.
  std::vector<std::pair<std::string, std::string>> speaker_names;
  std::size_t passages() const { return documents.size(); }
};

// Records the speakers of `r` in the database's metadata: each key's display
// name (kept when `keep_first_name` and the key has one already) and the
// name-to-key entries.
void write_speaker_metadata(Xapian::WritableDatabase& db, const PreparedRelease& r,
                            bool keep_first_name);

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
  // Adds the terms of the last analysis (terms_) as body terms, positional
  // ones with their positions, each occurrence adding `wdf`.
  void add_body_terms(Xapian::Document& doc, Xapian::termcount wdf);
  Analyzer analyzer_;
  std::vector<Term> terms_;  // reused between calls
  PassageSplitter splitter_;
  SpeakerExtractor speakers_;
  // Speaker name as written -> its speaker_key and speaker_lookup_name: a
  // release names its speakers in many passages, and transliteration is not
  // free.
  struct SpeakerIds {
    std::string key;
    std::string lookup;
  };
  std::unordered_map<std::string, SpeakerIds> speaker_ids_;
  const SpeakerIds& ids_of_speaker(const std::string& name);
};

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_DOCUMENT_BUILDER_H_
