#include "passages/speaker_extractor.h"

namespace libsearch {

// Attribution is added by the speaker stage; until then no passage has one.
void SpeakerExtractor::attribute(const Release&, std::vector<Passage>&) const {}

}  // namespace libsearch
