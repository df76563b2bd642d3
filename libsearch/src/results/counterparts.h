// Counterparts in results: the passage of the linked release that a hit's
// passage is aligned with (bilingual/link_store.h stores the alignment in
// the passage's kCounterpartSlot).
#ifndef LIBSEARCH_RESULTS_COUNTERPARTS_H_
#define LIBSEARCH_RESULTS_COUNTERPARTS_H_

#include <optional>
#include <string>

#include <xapian.h>

#include "libsearch/hit.h"

namespace libsearch::detail {

// The counterpart a kCounterpartSlot value names, with its text read from
// `db`; nullopt for an empty value, kNoCounterpart, or a release `db` does
// not hold. Throws Xapian::Error.
std::optional<Counterpart> counterpart_of(const Xapian::Database& db, const std::string& value);

// `hit` turned around for a query across languages (SearchRequest::
// query_lang): the counterpart becomes the hit, with the release fields of
// its own release, and the passage that matched becomes its counterpart.
// `hit.counterpart` must be set. Throws Xapian::Error.
Hit turned_to_counterpart(const Xapian::Database& db, Hit hit);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_RESULTS_COUNTERPARTS_H_
