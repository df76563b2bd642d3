// Runs Xapian's own xapian-tcpsrv on 127.0.0.1 for tests of remote shards.
#ifndef LIBSEARCH_TESTS_SHARDS_TCP_SERVER_H_
#define LIBSEARCH_TESTS_SHARDS_TCP_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace libsearch::test {

// The xapian-tcpsrv program on PATH, or "" when xapian-tools is missing.
inline std::string tcpsrv_bin() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');) {
    const std::string p = d + "/xapian-tcpsrv";
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return std::string();
}

// A port on 127.0.0.1 that was free a moment ago (the kernel's pick).
inline unsigned free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(a.sin_port);
}

inline bool accepts_connections(unsigned port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

// `xapian-tcpsrv --port P --interface 127.0.0.1 DB`, stopped on destruction
// (or by stop()). The constructor waits until the port accepts connections.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) {
    const std::string bin = tcpsrv_bin();
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = free_port();
      const std::string port = std::to_string(port_);
      pid_ = fork();
      if (pid_ < 0) throw std::runtime_error("fork failed");
      if (pid_ == 0) {
        // Its own process group: xapian-tcpsrv ends its whole group on
        // SIGTERM, which must not include this test.
        setpgid(0, 0);
        const int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
          dup2(null, STDOUT_FILENO);
          dup2(null, STDERR_FILENO);
        }
        execl(bin.c_str(), bin.c_str(), "--port", port.c_str(), "--interface", "127.0.0.1",
              "--quiet", db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!accepts_connections(port_)) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {  // died: port taken?
          pid_ = -1;
          break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
          stop();
          throw std::runtime_error("xapian-tcpsrv did not start on port " + port);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    if (pid_ <= 0) throw std::runtime_error("xapian-tcpsrv could not start");
  }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;  // owns a process
  TcpServer& operator=(const TcpServer&) = delete;

  unsigned port() const { return port_; }
  // The server's process, which leads its own process group (the processes
  // it forks for connections are in it too); -1 once stopped.
  pid_t pid() const { return pid_; }

  // Stops the server and waits until the port refuses connections.
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    for (int i = 0; i < 250 && accepts_connections(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

 private:
  pid_t pid_ = -1;
  unsigned port_ = 0;
};

}  // namespace libsearch::test

#endif  // LIBSEARCH_TESTS_SHARDS_TCP_SERVER_H_
