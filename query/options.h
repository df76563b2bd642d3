// press-query's options: parsed and validated into a Config, with every
// message naming the option and the bad value. press-serve and the Python
// module hand their parameters to the same parser (as "--name=value"
// arguments), so each front end accepts, rejects and explains alike.
#ifndef LIBSEARCH_QUERY_OPTIONS_H_
#define LIBSEARCH_QUERY_OPTIONS_H_

#include <string>
#include <vector>

#include "libsearch/research.h"
#include "libsearch/searcher.h"

namespace press_query {

// The query language and batch format, as printed after --help's options.
extern const char kQueryHelp[];

struct Config {
  std::vector<std::string> dbs;
  std::string format = "text";
  std::string queries_file;
  std::vector<std::string> query_words;  // positional words, joined by spaces
  std::string query;
  bool count_only = false;
  bool explain = false;
  std::vector<std::string> fields;  // empty: the format's default
  libsearch::SearcherOptions searcher_options;
  libsearch::SearchRequest request;
  bool kwic = false;
  libsearch::ConcordanceOptions kwic_options;
  bool timeline = false;
  libsearch::TimelineOptions timeline_options;
  std::vector<std::string> timeline_queries;  // one series each
  std::string plot_file;
  bool collocates = false;
  libsearch::CollocateOptions collocate_options;
  bool keywords = false;
  libsearch::KeywordOptions keyword_options;
};

// Whether hits carry counterparts (--with-counterpart, --in).
bool counterparts(const Config& c);

// Parses press-query's command line into `c`. Returns false when --help or
// --version was printed (on stdout). Throws boost::program_options::error
// with the message to show (a bad value quoted, the option named).
bool parse_options(int argc, char** argv, Config& c);

// The same for arguments without the program name (for front ends that
// build them: pass "--name=value" so that values starting with '-' stay
// values).
bool parse_options(const std::vector<std::string>& args, Config& c);

}  // namespace press_query

#endif  // LIBSEARCH_QUERY_OPTIONS_H_
