#include "index/passage_record.h"

#include "libsearch/error.h"

namespace libsearch::detail {
namespace {

constexpr char kRecordVersion = 1;

void put_varint(std::string& out, std::size_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  std::size_t varint() {
    std::size_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= d_.size()) fail();
      const auto b = static_cast<unsigned char>(d_[pos_++]);
      v |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail();
  }
  std::string str() {
    const std::size_t n = varint();
    if (n > d_.size() - pos_) fail();
    std::string s(d_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  char byte() {
    if (pos_ >= d_.size()) fail();
    return d_[pos_++];
  }

 private:
  [[noreturn]] static void fail() {
    throw IndexError("passage record is damaged; re-index the database");
  }
  std::string_view d_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_record(const PassageRecord& r) {
  std::string out;
  out.reserve(r.text.size() + r.title.size() + r.source.size() + 64);
  out.push_back(kRecordVersion);
  put(out, r.release_id);
  put_varint(out, static_cast<std::size_t>(r.paragraph));
  put(out, r.title);
  put(out, r.date);
  put(out, r.source);
  put(out, r.lang);
  put(out, r.url);
  out.push_back(r.has_speaker ? 1 : 0);
  put(out, r.speaker_name);
  put(out, r.speaker_role);
  put(out, r.section);
  put(out, r.text);
  put(out, r.mentioned_dates);
  return out;
}

PassageRecord decode_record(std::string_view data) {
  Reader in(data);
  if (in.byte() != kRecordVersion)
    throw IndexError("passage record has an unknown version; re-index");
  PassageRecord r;
  r.release_id = in.str();
  r.paragraph = static_cast<int>(in.varint());
  r.title = in.str();
  r.date = in.str();
  r.source = in.str();
  r.lang = in.str();
  r.url = in.str();
  r.has_speaker = in.byte() != 0;
  r.speaker_name = in.str();
  r.speaker_role = in.str();
  r.section = in.str();
  r.text = in.str();
  r.mentioned_dates = in.str();
  return r;
}

}  // namespace libsearch::detail
