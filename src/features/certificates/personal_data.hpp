// What the certificates room holds about one person (the certificates issued to them, as records),
// for the privacy room's /me/data and "download my data" (features/privacy). Read inside the
// caller's transaction; never a secret (no hash, no token, no sealed key).
#pragma once

#include <cstdint>
#include <string_view>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::certificates {

// The purpose the server's secret key is derived for, for the erased
// holders' name hashes: web::Erasure::name_key is
// `secrets->derive_key(kHolderNameKeyPurpose)` (crypto::SecretBox), and the
// CertificatesService that checks names is given the same key.
inline constexpr std::string_view kHolderNameKeyPurpose = "certificates.holder_name";

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasure (issue #16): every certificate of the person (each kind, valid or
// revoked) stays, with every fact it states and its state, and stays
// verifiable at /verify; its name goes. The name as printed is kept only as
// a hash keyed with erasure.name_key (derived for kHolderNameKeyPurpose,
// holder_name.hpp) and salted per row, so that a verifier can check a name
// typed from the PDF; recipient_name becomes web::kErasedName, and the name
// (as printed, and erasure.display_name) is taken out of the other words
// kept on the row (a template body naming {name}, a revocation's reason).
// Certificates already erased are left as they are. Reported as
// certificates/anonymised.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): every certificate
// stays and stays verifiable, its name kept only as a keyed hash (as erase_personal does);
// issued_by, revoked_by and the template's editor and signature name go.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::certificates
