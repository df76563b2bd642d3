#include "passages/speaker_identity.h"

#include "analysis/utf8.h"
#include "libsearch/analyzer.h"

namespace libsearch {

std::string speaker_key(std::string_view name) {
  const std::string norm = normalize_text(name);
  std::string key;
  std::size_t pos = 0;
  while (pos < norm.size()) {
    const std::size_t at = pos;
    const char32_t c = detail::decode_utf8(norm, pos);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (keep && c != 0xB7 && c != 0x30FB) key.append(norm, at, pos - at);
  }
  return key;
}

}  // namespace libsearch
