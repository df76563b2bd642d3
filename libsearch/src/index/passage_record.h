// The document data of one passage: what a hit shows without a second
// lookup. A compact binary record (version byte, then length-prefixed
// fields), smaller and faster to decode than JSON.
#ifndef LIBSEARCH_INDEX_PASSAGE_RECORD_H_
#define LIBSEARCH_INDEX_PASSAGE_RECORD_H_

#include <string>
#include <string_view>

namespace libsearch::detail {

struct PassageRecord {
  std::string release_id;
  int paragraph = 0;
  std::string title;
  std::string date;  // YYYY-MM-DD or empty
  std::string source;
  std::string lang;
  std::string url;
  bool has_speaker = false;
  std::string speaker_name;
  std::string speaker_role;
  std::string section;
  std::string text;
  std::string mentioned_dates;  // space-separated
};

std::string encode_record(const PassageRecord& r);
// Throws libsearch::IndexError on a record it cannot read.
PassageRecord decode_record(std::string_view data);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_PASSAGE_RECORD_H_
