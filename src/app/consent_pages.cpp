// /me/consents (consent_pages.hpp).
#include "app/consent_pages.hpp"

#include "features/accounts/consent_terms.hpp"
#include "features/accounts/consents.hpp"
#include "features/accounts/contacts.hpp"
#include "features/bingo/names.hpp"
#include "features/integrations/discord/consent.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::app {

namespace {

using accounts::RequestContext;

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

// What a change stops or starts beyond the record, in its transaction.
Status apply_change(db::Transaction& transaction, std::int64_t user_id, const std::string& purpose,
                    bool granted) {
  if (purpose == "bingo_name") {
    if (!granted) return bingo::hide_names(transaction, user_id);
    auto contact = accounts::contact(transaction, user_id);
    if (!contact) return contact.error();
    if (!contact->has_value()) return ok_status();
    return bingo::show_names(transaction, user_id, (*contact)->display_name);
  }
  if (purpose == "discord_link" && !granted)
    return discord::unlink_for_withdrawn_consent(transaction, user_id);
  // newsletter: the mail connector asks at delivery; profile_visible: the
  // profile page asks when it is shown.
  return ok_status();
}

}  // namespace

void add_consent_pages(http::Router& router, accounts::WebSession& session, db::Database& database,
                       const Clock& clock) {
  router.get("/me/consents", [&session, &database](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto reader = database.read();
    if (!reader) return session.refuse(context, reader.error());
    auto current = accounts::current_consents(*reader, context.viewer.user_id());
    if (!current) return session.refuse(context, current.error());
    auto history = accounts::consent_history(*reader, context.viewer.user_id());
    if (!history) return session.refuse(context, history.error());
    boost::json::array terms = accounts::consent_terms(session, context, current.value());
    boost::json::array records;
    for (const auto& record : history.value()) {
      const bool before = record.policy_version == accounts::kBeforeConsentsVersion;
      records.push_back(
          {{"title", session.text(context, "consent_" + record.purpose + "_title")},
           {"version",
            before ? session.text(context, "consent_before_consents") : record.policy_version},
           {"granted", format_local(record.granted_at, "Asia/Seoul")},
           {"withdrawn",
            record.withdrawn_at ? format_local(*record.withdrawn_at, "Asia/Seoul") : "-"}});
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(context, 200, "accounts/consents",
                        {{"consents", terms},
                         {"history", records},
                         {"history_none", records.empty()},
                         {"policy_version", std::string(accounts::kPolicyVersion)}},
                        {.title = session.text(context, "consents_title"),
                         .notice_key = notice == "consent_granted" || notice == "consent_withdrawn"
                                           ? "notice_" + notice
                                           : ""});
  });

  // One purpose granted or withdrawn; what it stops, stopped in the same
  // transaction.
  router.post("/me/consents", [&session, &database, &clock](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    const std::string purpose = field(form, "purpose");
    const std::string choice = field(form, "choice");
    if (choice != "grant" && choice != "withdraw")
      return session.form_failed(request, context,
                                 Error::invalid("choice", "choice must be grant or withdraw"));
    const bool granted = choice == "grant";
    auto writer = database.write();
    if (!writer) return session.refuse(context, writer.error());
    auto changed = accounts::set_consent(*writer, context.viewer.user_id(), purpose, granted,
                                         clock.now_seconds());
    if (!changed) return session.form_failed(request, context, changed.error());
    if (changed.value()) {
      if (auto applied = apply_change(*writer, context.viewer.user_id(), purpose, granted);
          !applied)
        return session.refuse(context, applied.error());
    }
    if (auto committed = writer->commit(); !committed)
      return session.refuse(context, committed.error());
    return http::Response::redirect(granted ? "/me/consents?notice=consent_granted"
                                            : "/me/consents?notice=consent_withdrawn");
  });
}

}  // namespace moim::app
