// Speaker identity: one key per person, whatever the spelling.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_IDENTITY_H_
#define LIBSEARCH_PASSAGES_SPEAKER_IDENTITY_H_

#include <string>
#include <string_view>

namespace libsearch {

// A canonical identity key for a speaker's name: normalised, without spaces
// or punctuation. Empty for an empty name.
std::string speaker_key(std::string_view name);

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_SPEAKER_IDENTITY_H_
