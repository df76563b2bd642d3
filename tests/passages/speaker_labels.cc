#include "passages/speaker_labels.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "passages/speaker_extractor.h"
#include "passages/speaker_identity.h"

namespace libsearch::test {

Release read_seed(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the seed release");
  Release r;
  r.id = "seed-000";
  r.lang = "en";
  std::string line, para;
  int n = 0;
  auto flush = [&]() {
    if (para.empty()) return;
    Paragraph p;
    p.text = para;
    char last = para.back();
    bool punctuated = last == '.' || last == '"' || last == ')' || last == ':' ||
                      last == '!' || last == '?';
    if (para.size() < 120 && !punctuated) p.kind = Paragraph::Kind::kHeading;
    if (para.rfind("(Reporter:", 0) == 0) {
      r.reporter = para.substr(11, para.size() - 12);
    }
    r.body.push_back(p);
    para.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (++n == 1) {
      r.title = line;
      continue;
    }
    if (line.rfind("Date:", 0) == 0) {
      r.date = line.substr(6);
      continue;
    }
    if (line.rfind("Source:", 0) == 0) {
      r.source = line.substr(8);
      continue;
    }
    if (line.rfind("fontSize:", 0) == 0) continue;
    if (line.empty()) {
      flush();
    } else {
      if (!para.empty()) para += ' ';
      para += line;
    }
  }
  flush();
  return r;
}

Release release_from_json_line(const std::string& line) {
  const nlohmann::json j = nlohmann::json::parse(line);
  Release r;
  r.id = j.at("id").get<std::string>();
  r.lang = j.at("lang").get<std::string>();
  r.title = j.at("title").get<std::string>();
  r.date = j.value("date", "");
  r.source = j.value("source", "");
  if (j.contains("speakers") && j["speakers"].is_array()) {
    for (const auto& s : j["speakers"]) r.declared_speakers.push_back(s.get<std::string>());
  }
  const std::string body = j.at("body").get<std::string>();
  std::size_t p = 0;
  for (;;) {
    std::size_t e = body.find("\n\n", p);
    r.body.push_back(
        {Paragraph::Kind::kText, body.substr(p, e == std::string::npos ? e : e - p), 0});
    if (e == std::string::npos) break;
    p = e + 2;
  }
  return r;
}

namespace {

std::string id_of_line(const std::string& line) {
  std::size_t q = line.find("\"id\": \"");
  if (q == std::string::npos) return "";
  std::size_t e = line.find('"', q + 7);
  return line.substr(q + 7, e - q - 7);
}

}  // namespace

LabelScores score_labels(const std::string& labels_file, const std::string& corpus_dir) {
  LabelScores scores;
  std::ifstream in(labels_file);
  if (!in) throw std::runtime_error(labels_file + ": cannot open");
  std::vector<nlohmann::json> labels;
  std::vector<int> label_lines;
  std::set<std::string> wanted, files;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    labels.push_back(nlohmann::json::parse(line));
    label_lines.push_back(n);
    wanted.insert(labels.back().at("release_id").get<std::string>());
    files.insert(labels.back().at("source_file").get<std::string>());
  }
  // Each source file is read once, keeping only the labelled releases.
  std::map<std::string, Release> releases;
  for (const std::string& f : files) {
    if (f.rfind("seed/", 0) == 0) {
      releases["seed-000"] = read_seed(corpus_dir + "/../" + f);
      continue;
    }
    std::ifstream src(corpus_dir + "/" + f);
    if (!src) throw std::runtime_error(corpus_dir + "/" + f + ": cannot open");
    while (std::getline(src, line)) {
      const std::string id = id_of_line(line);
      if (wanted.count(id)) releases[id] = release_from_json_line(line);
    }
  }
  std::map<std::string, std::vector<Passage>> attributed;
  for (auto& [id, r] : releases) {
    std::vector<Passage> ps;
    for (std::size_t i = 0; i < r.body.size(); ++i) {
      Passage p;
      p.paragraph = static_cast<int>(i);
      p.text = r.body[i].text;
      ps.push_back(p);
    }
    SpeakerExtractor().attribute(r, ps);
    attributed[id] = std::move(ps);
  }
  for (std::size_t k = 0; k < labels.size(); ++k) {
    const nlohmann::json& l = labels[k];
    const std::string where = labels_file + ":" + std::to_string(label_lines[k]) + ": ";
    const std::string id = l.at("release_id").get<std::string>();
    const std::string file = l.at("source_file").get<std::string>();
    const int para = l.at("paragraph").get<int>();
    auto it = attributed.find(id);
    if (it == attributed.end()) {
      throw std::runtime_error(where + "release \"" + id + "\" is not in " + file);
    }
    const std::vector<Passage>& ps = it->second;
    if (para < 0 || para >= static_cast<int>(ps.size())) {
      throw std::runtime_error(where + "paragraph " + std::to_string(para) + " of \"" + id +
                               "\" is out of range");
    }
    const Passage& p = ps[static_cast<std::size_t>(para)];
    // The head guards against the corpus and the labels drifting apart.
    const std::string head = l.at("head").get<std::string>();
    if (p.text.rfind(head, 0) != 0) {
      throw std::runtime_error(where + "paragraph " + std::to_string(para) + " of \"" + id +
                               "\" does not start with \"" + head + "\"");
    }
    const nlohmann::json& want = l.at("expected").at("speaker");
    const bool named = want.is_string() && !want.get<std::string>().empty();
    const bool got_named = p.speaker && !p.speaker->name.empty();
    bool ok;
    if (named) {
      ok = got_named && speaker_key(p.speaker->name) == speaker_key(want.get<std::string>());
    } else {
      // null (narration) and "" (a journalist's question) are both "no named
      // speaker".
      ok = !got_named;
    }
    scores.all.add(named, ok);
    scores.by_source[file].add(named, ok);
    if (l.contains("cases")) {
      for (const auto& c : l.at("cases")) scores.by_case[c.get<int>()].add(named, ok);
    }
    {
      std::string cases;
      if (l.contains("cases")) cases = l.at("cases").dump();
      (ok ? scores.hits : scores.misses).push_back(
          file + " " + id + " #" + std::to_string(para) + " " + cases + ": want " +
          (named ? want.get<std::string>() : want.is_null() ? "-" : "|journalist") + ", got " +
          (p.speaker ? p.speaker->name + "|" + p.speaker->role : "-") + "  " +
          p.text.substr(0, 120));
    }
  }
  return scores;
}

std::string format_scores(const LabelScores& s) {
  std::string out;
  char buf[256];
  auto row = [&](const std::string& what, const Tally& t) {
    std::snprintf(buf, sizeof buf, "%-34s %4d/%4d = %.3f   named %4d/%4d = %.3f   none %4d/%4d = %.3f\n",
                  what.c_str(), t.ok(), t.total(), t.accuracy(), t.named_ok, t.named,
                  t.named_accuracy(), t.none_ok, t.none, t.none_accuracy());
    out += buf;
  };
  for (const auto& [file, t] : s.by_source) row(file, t);
  for (const auto& [c, t] : s.by_case) row("case " + std::to_string(c), t);
  row("all", s.all);
  return out;
}

}  // namespace libsearch::test
