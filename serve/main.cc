// press-serve: a read-only web page and JSON API over a libsearch database,
// for researchers who would rather click than type flags.
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "api.h"
#include "libsearch/error.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"
#include "page.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

struct Config {
  std::vector<std::string> dbs;
  std::string host = "127.0.0.1";
  int port = 8080;
  libsearch::SearcherOptions searcher_options;
};

// Returns false when help or the version was printed.
bool parse_options(int argc, char** argv, Config& c) {
  po::options_description opts("Options");
  opts.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("db", po::value(&c.dbs)->composing(), "database folder or stub file (repeatable)")
      ("host", po::value(&c.host), "address to listen on (default 127.0.0.1: this machine only)")
      ("port", po::value(&c.port), "port to listen on (default 8080; 0 picks a free one)")
      ("allow-partial", po::bool_switch(&c.searcher_options.allow_partial),
       "search the shards that can be reached when a remote shard is down");
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
  if (vm.count("help")) {
    std::cout << "Usage: press-serve --db DIR [--host 127.0.0.1] [--port 8080]\n\n"
              << opts
              << "\nServes a search page at / and, read-only, the JSON endpoints\n"
                 "  /api/search?q=...&lang=...  the document press-query --format json\n"
                 "                              prints, press-query's options as fields\n"
                 "  /api/kwic, /api/timeline, /api/collocates, /api/keywords\n"
                 "                              press-query's research views, the same way\n"
                 "  /api/release/ID             a release as press-index show prints it\n"
                 "Bad parameters get status 400 with press-query's message.\n";
    return false;
  }
  if (vm.count("version")) {
    std::cout << "press-serve " << libsearch::kVersionString << "\n";
    return false;
  }
  po::notify(vm);
  if (c.dbs.empty()) throw po::error("--db is required");
  if (c.port < 0 || c.port > 65535)
    throw po::error("--port " + std::to_string(c.port) + " is not a port (0-65535)");
  return true;
}

// Each of the server's worker threads searches with its own Searcher (a
// Searcher is one thread's), opened at its first request.
libsearch::Searcher& thread_searcher(const Config& c) {
  thread_local std::unique_ptr<libsearch::Searcher> searcher;
  if (!searcher) searcher = std::make_unique<libsearch::Searcher>(c.dbs, c.searcher_options);
  return *searcher;
}

void reply(httplib::Response& res, const press_serve::Answer& answer) {
  res.status = answer.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(answer.body, "application/json; charset=utf-8");
}

// Opening a Searcher can fail (a remote shard gone): a 500 naming it.
template <typename F>
void answer_with(const Config& c, httplib::Response& res, F&& f) {
  try {
    reply(res, f(thread_searcher(c)));
  } catch (const libsearch::Error& e) {
    reply(res, {500, nlohmann::json{{"error", e.what()}}.dump()});
  }
}

}  // namespace

int main(int argc, char** argv) {
  Config c;
  try {
    if (!parse_options(argc, argv, c)) return kExitOk;
    // Fail now, with the library's message, rather than at the first request.
    libsearch::Searcher check(c.dbs, c.searcher_options);
    for (const auto& w : check.warnings()) std::cerr << "press-serve: " << w << "\n";
  } catch (const po::error& e) {
    std::cerr << "press-serve: " << e.what() << " (see press-serve --help)\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "press-serve: " << e.what() << "\n";
    return kExitError;
  }

  // SIGINT and SIGTERM stop the server from a thread of its own (stop() is
  // not safe in a signal handler); blocked before any thread starts so that
  // only that thread receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  // cpp-httplib sets SO_REUSEPORT, which lets a second server share the
  // port unnoticed; SO_REUSEADDR alone still allows a quick restart.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Replies go out at once: with Nagle's algorithm a kept-alive connection
  // waited ~40 ms on the client's delayed ACK per request.
  server.set_tcp_nodelay(true);
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "connect-src 'self'; img-src 'self' data:");
    res.set_content(press_serve::kPage, "text/html; charset=utf-8");
  });
  server.Get("/api/search", [&c](const httplib::Request& req, httplib::Response& res) {
    press_serve::Params params(req.params.begin(), req.params.end());
    answer_with(c, res, [&](libsearch::Searcher& s) {
      return press_serve::search(s, c.dbs, params);
    });
  });
  for (const auto& [path, view] :
       {std::pair{"/api/kwic", press_serve::View::kConcordance},
        std::pair{"/api/timeline", press_serve::View::kTimeline},
        std::pair{"/api/collocates", press_serve::View::kCollocates},
        std::pair{"/api/keywords", press_serve::View::kKeywords}}) {
    server.Get(path, [&c, view = view](const httplib::Request& req, httplib::Response& res) {
      press_serve::Params params(req.params.begin(), req.params.end());
      answer_with(c, res, [&](libsearch::Searcher& s) {
        return press_serve::research(s, c.dbs, view, params);
      });
    });
  }
  server.Get(R"(/api/release/(.+))", [&c](const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    answer_with(c, res, [&](libsearch::Searcher& s) { return press_serve::release(s, id); });
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty())
      res.set_content(nlohmann::json{{"error", "not found"}}.dump(),
                      "application/json; charset=utf-8");
  });

  int port = c.port;
  if (port == 0) {
    port = server.bind_to_any_port(c.host);
    if (port < 0) {
      std::cerr << "press-serve: cannot listen on " << c.host << "\n";
      return kExitError;
    }
  } else if (!server.bind_to_port(c.host, port)) {
    std::cerr << "press-serve: cannot listen on " << c.host << ":" << port
              << " (in use, or not an address of this machine)\n";
    return kExitError;
  }
  std::thread stopper([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  const std::string shown_host = c.host.find(':') != std::string::npos ? "[" + c.host + "]" : c.host;
  std::cout << "press-serve: serving on http://" << shown_host << ":" << port << "/" << std::endl;
  const bool ok = server.listen_after_bind();
  // Wake the stopper when the server ended for another reason (the signal
  // stays blocked, so a second one is harmless).
  kill(getpid(), SIGTERM);
  stopper.join();
  return ok ? kExitOk : kExitError;
}
