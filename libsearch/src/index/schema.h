// The index schema: term prefixes, boolean filter terms, value slots and
// metadata keys, shared by the writer, the query parser and the searcher.
// Change any of them, or how terms are weighted (index/weighting.h), and
// bump kSchemaVersion.
#ifndef LIBSEARCH_INDEX_SCHEMA_H_
#define LIBSEARCH_INDEX_SCHEMA_H_

#include <string>

#include <xapian.h>

namespace libsearch::schema {

// 3: within-passage frequencies are stored length-normalised (weighting.h).
// 4: linked Chinese/English releases: counterpart slot and terms, link
//    metadata (bilingual/link_store.h); speakers attributed by the
//    conventions of tests/data/speakers/README.md (continuations, speeches,
//    office holders); speaker keys strip every title of
//    passages/speaker_titles.h and middle initials; each key's first Chinese
//    and first Latin spelling in the metadata.
inline constexpr int kSchemaVersion = 4;

// Field prefixes for free-text terms. The analyzer's own kinds are appended
// after the field prefix: "" word, "Z" stem, "B" bigram, "U" character. So a
// body bigram is "B数字", a title bigram "SB数字", a title stem "SZprotect".
// Body characters ("U"), English words and numbers carry positions; title
// terms carry none.
inline constexpr char kBodyPrefix[] = "";
inline constexpr char kTitlePrefix[] = "S";
inline constexpr char kSourceTextPrefix[] = "XO";

// Boolean filter terms (exact values).
inline constexpr char kReleaseTerm[] = "XR";     // + release id
inline constexpr char kLangTerm[] = "XL";        // + "zh-hans" / "zh" / "en"
inline constexpr char kSpeakerTerm[] = "XP";     // + speaker identity key
inline constexpr char kSpeakerAny[] = "XPANY";   // passage has a named speaker
inline constexpr char kRoleTerm[] = "XQ";        // + normalised role
inline constexpr char kDateTerm[] = "XD";        // + YYYY, YYYYMM, YYYYMMDD
inline constexpr char kNoDateTerm[] = "XDNONE";  // release has no date
inline constexpr char kMentionTerm[] = "XM";     // + dates the passage mentions
inline constexpr char kSourceTerm[] = "XS";      // + normalised source

// Value slots.
enum Slot : Xapian::valueno {
  kDateSlot = 0,       // "YYYYMMDD", empty when unknown
  kReleaseSlot = 1,    // release id (collapse key)
  kSourceSlot = 2,     // source as written
  kLangSlot = 3,       // "zh-Hans", "zh-Hant", "en"
  kSpeakerSlot = 4,    // speaker identity key, empty when none
  kParagraphSlot = 5,  // paragraph index, sortable (Xapian::sortable_serialise)
  // Passages of linked releases only (bilingual/link_store.h): the aligned
  // passage of the other release, "<release id>\t<paragraph>[,<paragraph>]
  // \t<confidence>", or kNoCounterpart. A value, not a term, so that
  // linking rewrites no terms.
  kCounterpartSlot = 6,
};

// Database metadata keys.
inline constexpr char kMetaAnalyzerVersion[] = "libsearch.analyzer_version";
inline constexpr char kMetaSchemaVersion[] = "libsearch.schema_version";
inline constexpr char kMetaHashPrefix[] = "libsearch.hash.";      // + id
inline constexpr char kMetaSpeakerPrefix[] = "libsearch.speaker."; // + key
// + key -> the first spelling indexed in Chinese characters / in Latin
// letters, so a facet shows a person in the script of its passages.
inline constexpr char kMetaSpeakerHanPrefix[] = "libsearch.speaker-han.";
inline constexpr char kMetaSpeakerLatinPrefix[] = "libsearch.speaker-latin.";
// + a speaker's name as transliterated (speaker_lookup_name) -> its key
inline constexpr char kMetaSpeakerNamePrefix[] = "libsearch.speaker-name.";
// + release id -> the id of the release it is linked with (both ways)
inline constexpr char kMetaLinkPrefix[] = "libsearch.link.";
// kCounterpartSlot of a passage that the linked release has no counterpart
// for. Sorts before every release id, so value ranges tell the two apart.
inline constexpr char kNoCounterpart[] = "-";

}  // namespace libsearch::schema

#endif  // LIBSEARCH_INDEX_SCHEMA_H_
