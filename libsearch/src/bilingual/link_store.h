// Links stored in a database: which releases are the same conference in
// Chinese and English (release_linker.h), and which passage of one is the
// translation of which passage of the other (passage_aligner.h).
//
//   Xapian::WritableDatabase db(...);   // inside the writer's transaction
//   LinkSummary s = detail::relink(db);
//
// relink() recomputes every link from what the database holds, so the
// result does not depend on the order releases were added: a release whose
// counterpart arrives in a later add is linked then, a removed release's
// partner is unlinked, and a rebuilt database gets the same links. Stored:
//   - metadata kMetaLinkPrefix + id -> partner id, both ways;
//   - on each passage of a linked release, the kCounterpartSlot value (the
//     aligned passage, when its confidence reaches kAlignmentThreshold) and
//     the boolean term kCounterpartYes or kCounterpartNone.
// Only passages whose stored state changes are rewritten.
#ifndef LIBSEARCH_BILINGUAL_LINK_STORE_H_
#define LIBSEARCH_BILINGUAL_LINK_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "libsearch/index_writer.h"

namespace libsearch::detail {

// Throws Xapian::Error on database failures (the caller knows the path).
LinkSummary relink(Xapian::WritableDatabase& db);

struct CounterpartRef {
  std::string release_id;
  std::vector<int> paragraphs;  // one or two, in reading order
  double confidence = 0;
};

std::string format_counterpart(const CounterpartRef& c);

// Passages of linked releases with a counterpart shown (`with`), or with
// none: a value range on kCounterpartSlot.
Xapian::Query counterpart_filter(bool with);
// nullopt for an empty or unreadable slot value.
std::optional<CounterpartRef> parse_counterpart(const std::string& value);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_BILINGUAL_LINK_STORE_H_
