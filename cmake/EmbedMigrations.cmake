# Writes a C++ file holding every migrations/NNNN_name.sql, so the binary
# migrates any database without the source tree beside it.
# Inputs: MIGRATIONS_DIR, OUTPUT.
file(GLOB migration_files "${MIGRATIONS_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT migration_files)
set(body "")
foreach(path IN LISTS migration_files)
  get_filename_component(file_name "${path}" NAME)
  string(SUBSTRING "${file_name}" 0 4 version)
  math(EXPR version "${version}")
  file(READ "${path}" sql)
  string(APPEND body "    {${version}, \"${file_name}\", R\"moim_sql(${sql})moim_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from migrations/ by cmake/EmbedMigrations.cmake. Do not edit.
#include \"platform/db/migrations.hpp\"

namespace moim::db {

const std::vector<Migration>& embedded_migrations() {
  static const std::vector<Migration> migrations = {
${body}  };
  return migrations;
}

}  // namespace moim::db
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
