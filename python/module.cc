// libsearch._libsearch: the extension behind the Python package `libsearch`
// (python/libsearch/__init__.py wraps it in classes with attributes).
//
// Searches take press-query's options (as "--name=value" arguments, built by
// the package from keyword arguments) and return the document that
// `press-query --format json` prints, converted to Python values, so the
// module and the program agree by construction. Highlight offsets come in
// UTF-8 bytes, as in that document, and here also in code points (Python
// str indices).
//
// The GIL is released while the library parses, searches and indexes; each
// Searcher and IndexWriter is still one thread's at a time, as in C++.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/program_options/errors.hpp>
#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/index_writer.h"
#include "libsearch/searcher.h"
#include "libsearch/version.h"
#include "options.h"
#include "output.h"
#include "research_output.h"

namespace py = pybind11;
using nlohmann::json;

namespace {

py::object to_python(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return py::none();
    case json::value_t::boolean: return py::bool_(j.get<bool>());
    case json::value_t::number_integer: return py::int_(j.get<long long>());
    case json::value_t::number_unsigned: return py::int_(j.get<unsigned long long>());
    case json::value_t::number_float: return py::float_(j.get<double>());
    case json::value_t::string: return py::str(j.get_ref<const std::string&>());
    case json::value_t::array: {
      py::list out;
      for (const auto& e : j) out.append(to_python(e));
      return std::move(out);
    }
    case json::value_t::object: {
      py::dict out;
      for (auto it = j.begin(); it != j.end(); ++it) out[py::str(it.key())] = to_python(it.value());
      return std::move(out);
    }
    default: return py::none();
  }
}

// Code points of `text` before byte offset `byte`.
std::size_t code_point_offset(const std::string& text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

class PySearcher {
 public:
  PySearcher(std::vector<std::string> databases, bool allow_partial)
      : databases_(std::move(databases)) {
    libsearch::SearcherOptions options;
    options.allow_partial = allow_partial;
    py::gil_scoped_release unlocked;
    searcher_ = std::make_unique<libsearch::Searcher>(databases_, options);
  }

  // (document, spans): the press-query JSON document and, per hit, its
  // highlights as (start, end) code point offsets into its text.
  py::tuple search(const std::vector<std::string>& options) {
    json doc;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> spans;
    {
      py::gil_scoped_release unlocked;
      press_query::Config c;
      press_query::parse_options(arguments(options), c);
      libsearch::SearchRequest req = c.request;
      req.query = c.query;
      const libsearch::SearchResults res = open().search(req);
      doc = press_query::results_json(res, c.fields, c.explain, press_query::counterparts(c));
      for (const auto& h : res.hits) {
        auto& out = spans.emplace_back();
        for (const auto& s : h.highlights)
          out.emplace_back(code_point_offset(h.text, s.byte_start),
                           code_point_offset(h.text, s.byte_end));
      }
    }
    return py::make_tuple(to_python(doc), py::cast(spans));
  }

  // (document, warnings) of a research view: `options` name the view
  // (--kwic, --timeline, --collocates or --keywords) and its parameters;
  // the document is what `press-query --format json` prints for them.
  py::tuple research(const std::vector<std::string>& options) {
    press_query::ResearchDocument answer;
    {
      py::gil_scoped_release unlocked;
      press_query::Config c;
      press_query::parse_options(arguments(options), c);
      if (!c.kwic && !c.timeline && !c.collocates && !c.keywords)
        throw libsearch::Error("no research view (--kwic, --timeline, --collocates, --keywords)");
      answer = press_query::research_json(open(), c);
    }
    return py::make_tuple(to_python(answer.document), py::cast(answer.warnings));
  }

  // The release as `press-index show --format json` prints it, or None.
  py::object release(const std::string& id) {
    std::optional<libsearch::IndexedRelease> rel;
    {
      py::gil_scoped_release unlocked;
      rel = open().release(id);
    }
    if (!rel) return py::none();
    return to_python(press_query::release_json(*rel));
  }

  void reopen() {
    py::gil_scoped_release unlocked;
    open().reopen();
  }

  std::vector<std::string> warnings() { return open().warnings(); }

  void close() { searcher_.reset(); }

 private:
  // press-query's arguments: the options after --format=json and the --db
  // values (which the parser requires; the search runs on searcher_).
  std::vector<std::string> arguments(const std::vector<std::string>& options) const {
    std::vector<std::string> args{"--format=json"};
    for (const auto& db : databases_) args.push_back("--db=" + db);
    args.insert(args.end(), options.begin(), options.end());
    return args;
  }

  libsearch::Searcher& open() {
    if (!searcher_) throw libsearch::Error("the Searcher is closed");
    return *searcher_;
  }

  std::vector<std::string> databases_;
  std::unique_ptr<libsearch::Searcher> searcher_;
};

py::dict diagnostic_dict(const libsearch::Diagnostic& d) {
  py::dict out;
  out["severity"] = d.severity == libsearch::Diagnostic::Severity::kError ? "error" : "warning";
  out["path"] = d.path;
  out["line"] = d.line;
  out["column"] = d.column;
  out["message"] = d.message;
  out["release_id"] = d.release_id.empty() ? py::object(py::none()) : py::str(d.release_id);
  out["text"] = d.to_string();
  return out;
}

class PyIndexWriter {
 public:
  explicit PyIndexWriter(const std::string& path) {
    py::gil_scoped_release unlocked;
    writer_ = std::make_unique<libsearch::IndexWriter>(path);
  }

  // (summary, diagnostics) of indexing files and folders.
  py::tuple add_paths(const std::vector<std::string>& paths, std::size_t jobs) {
    libsearch::DiagnosticList problems;
    libsearch::IndexSummary s;
    {
      py::gil_scoped_release unlocked;
      libsearch::IndexingOptions options;
      options.jobs = jobs;
      s = open().add_paths(paths, problems, options);
    }
    py::dict summary;
    summary["added"] = s.added;
    summary["updated"] = s.updated;
    summary["unchanged"] = s.unchanged;
    summary["skipped"] = s.skipped;
    summary["warnings"] = s.warnings;
    summary["passages"] = s.passages;
    summary["files"] = s.files;
    summary["bytes_read"] = s.bytes_read;
    summary["seconds"] = s.seconds;
    py::list diagnostics;
    for (const auto& d : problems.items) diagnostics.append(diagnostic_dict(d));
    return py::make_tuple(summary, diagnostics);
  }

  // The ids that were indexed (and are now removed).
  std::vector<std::string> remove(const std::vector<std::string>& ids) {
    py::gil_scoped_release unlocked;
    std::vector<std::string> removed;
    for (const auto& id : ids)
      if (open().remove(id)) removed.push_back(id);
    return removed;
  }

  bool contains(const std::string& id) { return open().contains(id); }

  std::vector<std::string> release_ids() {
    py::gil_scoped_release unlocked;
    return open().release_ids();
  }

  void commit() {
    py::gil_scoped_release unlocked;
    open().commit();
  }

  // Commits and lets go of the database (and its lock).
  void close() {
    if (!writer_) return;
    py::gil_scoped_release unlocked;
    writer_->commit();
    writer_.reset();
  }

  std::string path() { return open().path(); }

 private:
  libsearch::IndexWriter& open() {
    if (!writer_) throw libsearch::Error("the IndexWriter is closed");
    return *writer_;
  }

  std::unique_ptr<libsearch::IndexWriter> writer_;
};

// Raises `type`(message) with attributes.
void raise(const py::handle& type, const char* message,
           std::initializer_list<std::pair<const char*, py::object>> attrs) {
  py::object e = type(message);
  for (const auto& [name, value] : attrs) e.attr(name) = value;
  PyErr_SetObject(type.ptr(), e.ptr());
}

// The library's exceptions as Python classes, created once by the module's
// initialisation and kept for the interpreter's life.
py::handle g_error, g_input, g_query, g_index, g_locked, g_version;

}  // namespace

PYBIND11_MODULE(_libsearch, m) {
  m.doc() = "libsearch's extension; use the package `libsearch`.";
  m.attr("__version__") = libsearch::kVersionString;
  m.attr("CSV_COLUMNS") = press_query::default_csv_fields(false);
  m.attr("CONCORDANCE_COLUMNS") = press_query::concordance_columns();
  m.attr("TIMELINE_COLUMNS") = press_query::timeline_columns();
  m.attr("COLLOCATE_COLUMNS") = press_query::word_score_columns(false);
  m.attr("KEYWORD_COLUMNS") = press_query::word_score_columns(true);

  // The library's exceptions under the same names.
  g_error = (new py::exception<libsearch::Error>(m, "Error", PyExc_RuntimeError))->ptr();
  g_input = (new py::exception<libsearch::InputError>(m, "InputError", g_error.ptr()))->ptr();
  g_query = (new py::exception<libsearch::QueryError>(m, "QueryError", g_error.ptr()))->ptr();
  g_index = (new py::exception<libsearch::IndexError>(m, "IndexError", g_error.ptr()))->ptr();
  g_locked = (new py::exception<libsearch::LockedError>(m, "LockedError", g_index.ptr()))->ptr();
  g_version =
      (new py::exception<libsearch::VersionError>(m, "VersionError", g_index.ptr()))->ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const libsearch::QueryError& e) {
      raise(g_query, e.what(),
            {{"offset", py::int_(e.offset())}, {"fragment", py::str(e.fragment())},
             {"reason", py::str(e.reason())}});
    } catch (const libsearch::InputError& e) {
      raise(g_input, e.what(),
            {{"path", py::str(e.path())}, {"line", py::int_(e.line())},
             {"column", py::int_(e.column())}, {"reason", py::str(e.reason())}});
    } catch (const libsearch::VersionError& e) {
      raise(g_version, e.what(), {});
    } catch (const libsearch::LockedError& e) {
      raise(g_locked, e.what(), {});
    } catch (const libsearch::IndexError& e) {
      raise(g_index, e.what(), {});
    } catch (const libsearch::Error& e) {
      raise(g_error, e.what(), {});
    } catch (const boost::program_options::error& e) {
      // A bad parameter: press-query's message for the same option.
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  py::class_<PySearcher>(m, "Searcher")
      .def(py::init<std::vector<std::string>, bool>(), py::arg("databases"),
           py::arg("allow_partial") = false)
      .def("search", &PySearcher::search, py::arg("options"))
      .def("research", &PySearcher::research, py::arg("options"))
      .def("release", &PySearcher::release, py::arg("id"))
      .def("reopen", &PySearcher::reopen)
      .def("warnings", &PySearcher::warnings)
      .def("close", &PySearcher::close);

  py::class_<PyIndexWriter>(m, "IndexWriter")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def("add_paths", &PyIndexWriter::add_paths, py::arg("paths"), py::arg("jobs") = 0)
      .def("remove", &PyIndexWriter::remove, py::arg("ids"))
      .def("contains", &PyIndexWriter::contains, py::arg("id"))
      .def("release_ids", &PyIndexWriter::release_ids)
      .def("commit", &PyIndexWriter::commit)
      .def("close", &PyIndexWriter::close)
      .def_property_readonly("path", &PyIndexWriter::path);
}
