// Whole numbers given as text (command-line options, batch lines), checked
// against a range instead of wrapping or saturating.
#ifndef LIBSEARCH_TEXT_NUMBER_H_
#define LIBSEARCH_TEXT_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace libsearch::detail {

// The largest count a Xapian database can hold (documents, and so passages,
// hits, offsets): 2^32 - 1. A larger offset or limit can mean nothing more.
inline constexpr std::uint64_t kMaxCount = 4294967295u;

// `text` as a whole number in [min, max]: ASCII digits only (no sign, no
// spaces, no "0x"), any number of them. nullopt for anything else,
// including a value beyond max or beyond 2^64 - 1.
std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t min,
                                                std::uint64_t max);

// parse_whole_number(), or Error naming `name` and the range:
//   --offset "4294967296" is out of range (expected a whole number from 0 to 4294967295)
//   --jobs "-1" is not a whole number (expected one from 1 to 256)
std::uint64_t whole_number_or_throw(const std::string& name, std::string_view text,
                                    std::uint64_t min, std::uint64_t max);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_TEXT_NUMBER_H_
