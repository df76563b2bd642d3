#include "results/match_scan.h"

#include <xapian.h>

#include "index/schema.h"
#include "libsearch/error.h"
#include "results/highlighter.h"
#include "results/searcher_access.h"

namespace libsearch::detail {

MatchScan scan_matches(Searcher& searcher, const SearchRequest& request,
                       const std::function<void(MatchedPassage&)>& each,
                       bool filters_only) {
  MatchScan out;
  ParsedQuery parsed;
  const Xapian::Query q = SearcherAccess::query(searcher, request, parsed);
  if (!filters_only && (parsed.empty || parsed.patterns.empty()))
    throw QueryError(0, request.query,
                     "\"" + request.query + "\" has no words to find (a concordance or "
                     "timeline needs a query, not filters alone)");
  out.warnings = SearcherAccess::open_warnings(searcher);
  out.warnings.insert(out.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
  Analyzer& analyzer = SearcherAccess::analyzer(searcher);
  Xapian::Database& db = SearcherAccess::database(searcher);
  try {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_query(q);
    const Xapian::doccount all = db.get_doccount();
    const Xapian::MSet mset = enquire.get_mset(0, all, all);
    MatchedPassage m;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      m.record = decode_record(doc.get_data());
      m.date_value = doc.get_value(schema::kDateSlot);
      m.speaker_key = doc.get_value(schema::kSpeakerSlot);
      m.occurrences = occurrences(analyzer, m.record.text, parsed.patterns);
      ++out.passages;
      each(m);
    }
  } catch (const Xapian::Error& e) {
    throw IndexError(std::string("searching for \"") + request.query +
                     "\": " + e.get_description());
  }
  return out;
}

}  // namespace libsearch::detail
