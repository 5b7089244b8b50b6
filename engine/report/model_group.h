// What every Rotoscope HDF5 report shares, private to the report code: the /meta and /model
// groups, and the file handling around them (temporary file + rename on writing; the signature,
// format and schema checks, byte budget and bounded driver on reading). The census report and
// the run report differ only in the groups they add.
#pragma once
#include <functional>
#include <mutex>
#include <string>

#include "core/progress.h"
#include "report/census_report.h"
#include "io/hdf5_io.h"
#include "report/model_identity.h"

namespace rs::report {

// `seeds_json` goes to /meta's "seeds" attribute (what the report's randomness came from).
void write_meta(H5::Group& root, const ReportMeta& meta, int schema, const std::string& seeds_json);
ReportMeta read_meta(const H5::Group& root, int schema);

void write_model(H5::Group& root, const ModelIdentity& id);
ModelIdentity read_model(const H5::Group& root, const h5::Reader& reader);

// Progress callbacks run without the HDF5 lock, so that a slow listener never blocks other
// threads' reports; the lock is taken back before any HDF5 object is touched or destroyed.
void report_unlocked(std::unique_lock<std::mutex>& held, const Progress& progress, Stage stage, int64_t done,
                     int64_t total);

// Writes a report to a temporary file beside `path` and renames it over `path`: a failed or
// cancelled write never leaves a partial report. The root gets `format` and `schema`; `body`
// writes the rest while the HDF5 lock is held. BadInput "<path>: ..." for a missing directory
// or anything HDF5 or the file system refuses.
using WriteBody = std::function<void(H5::Group& root, std::unique_lock<std::mutex>& held)>;
void write_report_file(const std::string& path, const char* format, int schema, const WriteBody& body);

// Opens a report for reading and checks its signature, format ("not a Rotoscope <what>" when it
// differs) and schema (1..max_schema); `body` reads the groups with a Reader whose byte budget
// the file's size bounds. Every FormatError, HDF5 failure and allocation failure becomes
// BadInput "<path>: ...", one line.
using ReadBody = std::function<void(const H5::Group& root, const h5::Reader& reader, int schema,
                                    std::unique_lock<std::mutex>& held)>;
void read_report_file(const std::string& path, const char* format, int max_schema, const char* what, const ReadBody& body);

// The root "format" attribute of an HDF5 file, or "" when the file is not HDF5, has no such
// attribute, or cannot be read. Never throws.
std::string report_format(const std::string& path);

}  // namespace rs::report
