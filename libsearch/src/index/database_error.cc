#include "index/database_error.h"

namespace libsearch::detail {

bool is_damage(const Xapian::Error& e) {
  const std::string type = e.get_type();
  return type == "DatabaseCorruptError" || type == "DatabaseError";
}

std::string damage_advice(const std::string& dir) {
  return "; the database is damaged: check it with `xapian-check " + dir +
         "` and rebuild it from its sources with `press-index reindex --db " + dir +
         " PATH...`";
}

std::string database_error_message(const std::string& where, const Xapian::Error& e) {
  std::string msg = where + ": " + e.get_description();
  if (!is_damage(e)) return msg;
  // Several databases searched as one: Xapian does not say which failed.
  return msg + damage_advice(where.find(", ") == std::string::npos ? where : "DIR");
}

}  // namespace libsearch::detail
