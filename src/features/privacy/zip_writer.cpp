#include "features/privacy/zip_writer.hpp"

#include <zip.h>

#include <cstdio>
#include <memory>

namespace moim::privacy {

namespace {

struct SourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};

Error zip_failure(const std::string& what) { return Error::internal("zip: " + what); }

}  // namespace

Result<std::string> zip_archive(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  zip_error_fini(&error);
  if (!buffer) return zip_failure("no buffer");
  zip_source_keep(buffer.get());  // the archive's close must leave it to us
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(buffer.get());  // the reference zip_source_keep added
    return zip_failure("cannot open");
  }
  for (const ZipEntry& entry : entries) {
    // The bytes stay alive in `entries` until zip_close has written them.
    zip_source_t* data = zip_source_buffer(archive, entry.bytes.data(), entry.bytes.size(), 0);
    if (data == nullptr ||
        zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (data != nullptr) zip_source_free(data);
      zip_discard(archive);  // drops the archive's reference to the buffer
      return zip_failure("cannot add " + entry.name);
    }
  }
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    return zip_failure("cannot write");
  }
  std::string out;
  if (zip_source_open(buffer.get()) < 0) return zip_failure("cannot read back");
  zip_source_seek(buffer.get(), 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer.get());
  zip_source_seek(buffer.get(), 0, SEEK_SET);
  if (size > 0) {
    out.resize(static_cast<std::size_t>(size));
    const zip_int64_t read =
        zip_source_read(buffer.get(), out.data(), static_cast<zip_uint64_t>(size));
    if (read != size) {
      zip_source_close(buffer.get());
      return zip_failure("short read");
    }
  }
  zip_source_close(buffer.get());
  return out;
}

}  // namespace moim::privacy
