// Dates: release-date validation and the dates a passage mentions.
#ifndef LIBSEARCH_PASSAGES_DATE_EXTRACTOR_H_
#define LIBSEARCH_PASSAGES_DATE_EXTRACTOR_H_

#include <string>
#include <string_view>
#include <vector>

namespace libsearch {

// Validates a release date and writes it as "YYYY-MM-DD". Accepts
// "YYYY-MM-DD" (a real calendar date). Returns false, leaving `out`
// unchanged, for anything else.
bool parse_release_date(std::string_view in, std::string& out);

// Dates mentioned in `text`, resolved against `release_date` (YYYY-MM-DD or
// empty).
std::vector<std::string> extract_dates(std::string_view text,
                                       std::string_view release_date);

}  // namespace libsearch

#endif  // LIBSEARCH_PASSAGES_DATE_EXTRACTOR_H_
