#include "features/privacy/privacy_service.hpp"

#include <boost/json/serialize.hpp>

#include <utility>

#include "features/academy/personal_data.hpp"
#include "features/accounts/account_deletion.hpp"
#include "features/accounts/personal_data.hpp"
#include "features/activity/personal_data.hpp"
#include "features/bingo/personal_data.hpp"
#include "features/certificates/personal_data.hpp"
#include "features/coffee/personal_data.hpp"
#include "features/communities/personal_data.hpp"
#include "features/events/personal_data.hpp"
#include "features/mentoring/personal_data.hpp"
#include "features/privacy/data_export.hpp"
#include "features/privacy/zip_writer.hpp"
#include "features/wiki/personal_data.hpp"
#include "platform/outbox/personal_mail.hpp"

namespace moim::privacy {

std::vector<Source> room_sources() {
  return {accounts::personal_data,    accounts::deletion_personal_data,
          communities::personal_data, academy::personal_data,
          activity::personal_data,    certificates::personal_data,
          coffee::personal_data,      events::personal_data,
          bingo::personal_data,       mentoring::personal_data,
          wiki::personal_data,        data_export_personal_data};
}

PrivacyService::PrivacyService(db::Database& database, const Clock& clock,
                               certificates::CertificatesService& certificates,
                               std::vector<Source> sources)
    : database_(database),
      clock_(clock),
      certificates_(certificates),
      sources_(std::move(sources)) {}

Result<MyData> PrivacyService::my_data(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  MyData data{.user_id = viewer.user_id(), .generated_at = clock_.now_seconds(), .sections = {}};
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  for (const Source& source : sources_) {
    auto held = source(transaction.value(), data.user_id);
    if (!held) return held.error();
    for (auto& section : held.value()) data.sections.push_back(std::move(section));
  }
  auto mails = outbox::personal_mail(transaction.value(), viewer.user->email);
  if (!mails) return mails.error();
  data.sections.push_back({kMailsFile, {}, std::move(mails.value())});
  return data;
}

Result<std::vector<Document>> PrivacyService::documents(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto mine = certificates_.mine(viewer);
  if (!mine) return mine.error();
  std::vector<Document> out;
  for (const auto& certificate : mine.value()) {
    if (certificate.revoked_at) continue;
    auto pdf = certificates_.pdf(viewer, certificate.number);
    if (!pdf) {
      if (pdf.error().http_status < 500) continue;  // gone or revoked since: in the records
      return pdf.error();
    }
    out.push_back({"certificates/" + certificate.number + ".pdf", std::move(pdf.value())});
  }
  return out;
}

boost::json::object my_data_json(const MyData& data) {
  boost::json::array sections;
  for (const auto& section : data.sections) {
    boost::json::array tables;
    for (const auto& table : section.tables) tables.emplace_back(table);
    sections.push_back(boost::json::object{{"file", section.file},
                                           {"tables", std::move(tables)},
                                           {"count", section.rows.size()},
                                           {"rows", section.rows}});
  }
  return {{"user_id", data.user_id},
          {"generated_at", data.generated_at},
          {"sections", std::move(sections)}};
}

Result<std::string> PrivacyService::export_zip(const accounts::Viewer& viewer,
                                               const std::string& readme) {
  auto data = my_data(viewer);
  if (!data) return data.error();
  auto files = documents(viewer);
  if (!files) return files.error();
  std::vector<ZipEntry> entries;
  entries.push_back({"README.txt", readme});
  for (const auto& section : data->sections) {
    boost::json::array tables;
    for (const auto& table : section.tables) tables.emplace_back(table);
    boost::json::object file{{"file", section.file},
                             {"tables", std::move(tables)},
                             {"count", section.rows.size()},
                             {"rows", section.rows}};
    entries.push_back({section.file + ".json", boost::json::serialize(file)});
  }
  for (auto& document : files.value())
    entries.push_back({std::move(document.name), std::move(document.bytes)});
  return zip_archive(entries);
}

}  // namespace moim::privacy
