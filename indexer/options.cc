#include "options.h"

#include <cstdint>
#include <iostream>

#include <boost/program_options.hpp>

#include "libsearch/error.h"
#include "text/number.h"

namespace po = boost::program_options;

namespace press_index {
namespace {

const char* usage_line(const std::string& command) {
  if (command == "add") return "press-index add --db DIR [OPTIONS] PATH...";
  if (command == "reindex") return "press-index reindex --db DIR [OPTIONS] PATH...";
  if (command == "validate") return "press-index validate [OPTIONS] PATH...";
  if (command == "remove")
    return "press-index remove --db DIR ID...\n"
           "       press-index remove --db DIR --missing-from PATH...";
  if (command == "compact") return "press-index compact --db DIR";
  if (command == "link") return "press-index link --db DIR [--quiet]";
  if (command == "stats") return "press-index stats --db DIR [--format text|json]";
  return "press-index show --db DIR [--format text|json] ID";
}

// More threads, or shards written at once, than this buy nothing and run
// out of file handles (each part or shard holds a database open).
constexpr std::uint64_t kMaxJobs = 256;
constexpr std::uint64_t kMaxShards = 256;

// The number an option was given as, or `fallback` when it was not given;
// po::error naming the option and its range otherwise.
std::uint64_t number_option(const po::variables_map& vm, const std::string& name,
                            std::uint64_t fallback, std::uint64_t min, std::uint64_t max) {
  if (!vm.count(name)) return fallback;
  try {
    return libsearch::detail::whole_number_or_throw("--" + name, vm[name].as<std::string>(), min,
                                                    max);
  } catch (const libsearch::Error& e) {
    throw po::error(e.what());
  }
}

}  // namespace

std::optional<Config> parse_options(const std::string& command,
                                    const std::vector<std::string>& args) {
  const bool indexing = command == "add" || command == "reindex" || command == "validate";
  Config c;
  c.command = command;
  std::vector<std::string> positional;
  // Numbers are read as text and checked here: Boost would wrap "-1".
  auto number = [] { return po::value<std::string>(); };

  po::options_description opts(std::string("press-index ") + command + " options");
  opts.add_options()("help,h", "show this help");
  if (command != "validate") {
    opts.add_options()("db", po::value(&c.db)->required(), "database folder");
  }
  if (indexing) {
    opts.add_options()
        ("jobs,j", number(), "threads that parse and analyse, and into an empty database also write (default: all cores)")
        ("quiet,q", po::bool_switch(&c.quiet), "no progress and no summary; only problems")
        ("errors", po::value(&c.errors_file),
         "also write every problem to FILE as JSON Lines")
        ("max-file-bytes", number(),
         "largest .xml/.txt file read whole (default 256 MiB)")
        ("max-line-bytes", number(),
         "longest JSON Lines line (default 32 MiB)")
        ("max-release-bytes", number(),
         "largest release body (default 16 MiB)")
        ("max-passages", number(),
         "most passages in one release (default 20000)");
  }
  if (command == "add" || command == "reindex") {
    opts.add_options()("commit-every", number(),
                       "releases per committed batch (default 500)");
  }
  if (command == "add") {
    opts.add_options()("shards", number(),
                       "write N shard databases DIR/shard-0.. and a stub DIR/XAPIANDB "
                       "(releases assigned by a stable hash of their id); later adds "
                       "to a sharded folder keep its count");
  }
  if (command == "validate") {
    opts.add_options()("list", po::bool_switch(&c.list),
                       "print each release that would be indexed on stdout");
  }
  if (command == "remove") {
    opts.add_options()
        ("missing-from", po::value(&c.missing_from)->multitoken(),
         "remove releases not found in these files or folders")
        ("force", po::bool_switch(&c.force),
         "with --missing-from: remove even if some input could not be read")
        ("quiet,q", po::bool_switch(&c.quiet), "no summary");
  }
  if (command == "compact" || command == "link") {
    opts.add_options()("quiet,q", po::bool_switch(&c.quiet), "no summary");
  }
  if (command == "show" || command == "stats" || command == "validate") {
    opts.add_options()("format", po::value(&c.format), "text or json");
  }
  po::options_description hidden;
  hidden.add_options()("positional", po::value(&positional));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("positional", -1);

  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: " << usage_line(command) << "\n" << opts;
    return std::nullopt;
  }
  po::notify(vm);

  if (indexing) {
    if (positional.empty())
      throw po::error(command + " needs at least one PATH (a corpus file or folder)");
    c.paths = positional;
    constexpr std::uint64_t kAny = SIZE_MAX;
    c.jobs = number_option(vm, "jobs", c.jobs, 1, kMaxJobs);
    c.limits.max_file_bytes = number_option(vm, "max-file-bytes", c.limits.max_file_bytes, 1, kAny);
    c.limits.max_line_bytes = number_option(vm, "max-line-bytes", c.limits.max_line_bytes, 1, kAny);
    c.limits.max_body_bytes =
        number_option(vm, "max-release-bytes", c.limits.max_body_bytes, 1, kAny);
    c.max_passages = number_option(vm, "max-passages", c.max_passages, 1, kAny);
  }
  if (command == "add" || command == "reindex") {
    c.index.commit_every = number_option(vm, "commit-every", c.index.commit_every, 1,
                                         libsearch::detail::kMaxCount);
  }
  if (command == "add") c.shards = number_option(vm, "shards", c.shards, 1, kMaxShards);
  if (command == "remove") {
    if (positional.empty() == c.missing_from.empty())
      throw po::error("remove needs either release IDs or --missing-from PATH, not both");
    c.ids = positional;
    if (c.force && c.missing_from.empty())
      throw po::error("--force only applies to --missing-from");
  }
  if (command == "show") {
    if (positional.size() != 1) throw po::error("show needs exactly one release ID");
    c.ids = positional;
  }
  if ((command == "stats" || command == "compact" || command == "link") && !positional.empty())
    throw po::error(command + " takes no arguments besides --db, got \"" + positional[0] + "\"");
  if (c.format != "text" && c.format != "json")
    throw po::error("--format must be text or json, not \"" + c.format + "\"");
  return c;
}

}  // namespace press_index
