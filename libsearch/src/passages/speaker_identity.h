// Speaker identity: one canonical key per person, whatever the script.
//
//   speaker_key("陳建仁") == speaker_key("陈建仁")         // "chenjianren"
//   speaker_key("Spokesperson Hua Chunying") == speaker_key("华春莹")
//                                                          // "huachunying"
//
// The key is what the index stores for speaker facets and what queries match
// against, so the same person written in Traditional Chinese, Simplified
// Chinese or pinyin-based English lands on one facet value.
#ifndef LIBSEARCH_PASSAGES_SPEAKER_IDENTITY_H_
#define LIBSEARCH_PASSAGES_SPEAKER_IDENTITY_H_

#include <string>
#include <string_view>

namespace libsearch {

// Returns the identity key of a speaker name (UTF-8 in, ASCII out for Chinese
// and Latin names).
//
// Chinese names are folded Traditional -> Simplified, transliterated to
// pinyin without tones, lowercased, with spaces removed. Latin names are
// lowercased with spaces and punctuation removed, after stripping leading
// courtesy and role words ("Mr.", "Mayor", "District Attorney") and middle
// initials ("Keechant L. Sewell" is "Keechant Sewell"). Chinese titles and
// forms of address ("外交部发言人", "副局长", "總統", "女士") are stripped
// from either end. The titles are the ones attribution reads
// (speaker_titles.h), so the two agree on what is a title.
//
// The key is a transliteration, not a person identifier: distinct people
// whose names have identical pinyin (张伟 and 章玮) share a key, and a
// Chinese name romanised other than in pinyin (Wade-Giles "Tsai Ing-wen" for
// 蔡英文) gets another key. Empty or all-role input gives "".
//
// Thread-safe. The ICU transliterator is created once per thread on first
// use. Throws libsearch::Error if ICU cannot create or run it.
std::string speaker_key(std::string_view name);

// The form of `name` that speaker_key() transliterates (role words
// stripped), or "" when the name needs no transliteration (ASCII). The index
// records this form beside its key, so a query naming a speaker as written
// in the text finds the key without creating the transliterator, whose
// set-up costs about 100 ms per thread.
std::string speaker_lookup_name(std::string_view name);

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_SPEAKER_IDENTITY_H_
