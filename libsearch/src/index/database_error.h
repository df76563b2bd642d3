// One wording for every Xapian error met on a database: the database named
// first and, when the database itself is at fault (damaged or unreadable
// blocks), what to do about it.
#ifndef LIBSEARCH_INDEX_DATABASE_ERROR_H_
#define LIBSEARCH_INDEX_DATABASE_ERROR_H_

#include <string>

#include <xapian.h>

namespace libsearch::detail {

// True for the errors of a damaged or unreadable database: Xapian's
// DatabaseCorruptError, and a plain DatabaseError (a block that cannot be
// read: a truncated file, an I/O error).
bool is_damage(const Xapian::Error& e);

// "; the database is damaged: check it with `xapian-check DIR` and rebuild it
// from its sources with `press-index reindex --db DIR PATH...`", for the
// database folder `dir` ("DIR" when it is not known).
std::string damage_advice(const std::string& dir);

// "WHERE: Xapian's description", and for damage (is_damage) also
// damage_advice(): of `where` when it names one database, else of "DIR".
// `where` is a database path, or several joined by ", ".
std::string database_error_message(const std::string& where, const Xapian::Error& e);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_DATABASE_ERROR_H_
