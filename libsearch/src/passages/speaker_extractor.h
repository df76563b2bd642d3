// Speaker attribution: decides who said each passage of a release.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_EXTRACTOR_H_
#define LIBSEARCH_PASSAGES_SPEAKER_EXTRACTOR_H_

#include <vector>

#include "libsearch/release.h"

namespace libsearch {

// Stateless and thread-safe: one instance may serve many threads.
class SpeakerExtractor {
 public:
  // Sets Passage::speaker for every passage of `release` (passages in reading
  // order, as made by PassageSplitter). A passage whose speaker is not
  // supported by clear evidence gets none: a wrong speaker is worse than none.
  void attribute(const Release& release, std::vector<Passage>& passages) const;
};

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_SPEAKER_EXTRACTOR_H_
