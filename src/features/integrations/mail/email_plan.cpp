#include "features/integrations/mail/email_plan.hpp"

#include <boost/json/parse.hpp>

#include <map>

#include "platform/base/time_zone.hpp"

namespace moim::automation {

namespace {

struct Sent {
  std::int64_t id = 0;
  std::string state;
  std::string target;
  std::string payload;
};

bool received(const std::string& state) { return state != "dead" && state != "cancelled"; }

}  // namespace

Result<ServicePlan> EmailPlanSource::plan(std::int64_t cohort_id) {
  ServicePlan plan;
  plan.service = "email";
  plan.connected = true;  // the outbox is always there; SMTP may not be (rows then wait)
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  // The academy's records, read-only (see notion/page_content.cpp).
  auto cohort = transaction->query_one(
      "SELECT c.name, c.cohort_key, m.id, m.name, m.slug, m.time_zone, m.default_locale "
      "FROM cohorts c JOIN communities m ON m.id = c.community_id WHERE c.id = ?",
      {cohort_id});
  if (!cohort) return cohort.error();
  if (!cohort->has_value()) return Error::not_found("no such cohort");
  const db::Row& here = **cohort;
  const std::int64_t community_id = here.int64(2);
  const std::string zone = here.text(5);

  // What the outbox holds for these mails, by key (a resend counts for its original).
  std::map<std::string, Sent> sent;
  auto rows = transaction->query(
      // Rows written before every mail carried its community have none; their
      // keys (project and person ids) are unique anyway.
      "SELECT id, idempotency_key, state, target, payload FROM outbox WHERE kind = 'email' AND "
      "(community_id = ? OR community_id IS NULL) AND (idempotency_key LIKE 'academy.offer:%' "
      "OR idempotency_key LIKE 'academy.result:%') ORDER BY id",
      {community_id});
  if (!rows) return rows.error();
  for (const auto& row : rows.value()) {
    std::string key = row.text(1);
    if (auto resend = key.find(":resend:"); resend != std::string::npos) key.resize(resend);
    Sent& slot = sent[key];
    // Keep the best news: a received copy wins over a dead one.
    if (slot.id == 0 || !received(slot.state) || received(row.text(2)))
      slot = {row.int64(0), row.text(2), row.text(3), row.text(4)};
  }
  auto resend_of = [&](const std::string& key, const Sent& dead, const std::string& summary,
                       const std::string& summary_key,
                       std::vector<std::pair<std::string, std::string>> args) {
    boost::json::object payload;
    try {
      payload = boost::json::parse(dead.payload).as_object();
    } catch (const std::exception&) {
      return;
    }
    plan.actions.push_back({"create",
                            summary,
                            {.kind = "email",
                             .target = dead.target,
                             .payload = std::move(payload),
                             .idempotency_key = key + ":resend:" + std::to_string(dead.id),
                             .community_id = community_id},
                            summary_key,
                            std::move(args)});
  };

  // Seat offers: rebuilt from the seat_offers row when the mail is missing.
  auto offers = transaction->query(
      "SELECT s.project_id, s.user_id, s.deadline, p.title, u.email, u.display_name, "
      "COALESCE(NULLIF(u.locale, ''), ?) FROM seat_offers s "
      "JOIN academy_projects p ON p.id = s.project_id JOIN users u ON u.id = s.user_id "
      "WHERE s.cohort_id = ? ORDER BY s.project_id, s.user_id",
      {here.text(6), cohort_id});
  if (!offers) return offers.error();
  for (const auto& offer : offers.value()) {
    const std::string key =
        "academy.offer:" + std::to_string(offer.int64(0)) + ":" + std::to_string(offer.int64(1));
    const std::string summary =
        "send the seat offer for '" + offer.text(3) + "' to " + offer.text(5);
    auto found = sent.find(key);
    if (found != sent.end() && received(found->second.state)) {
      ++plan.in_sync;
      continue;
    }
    if (found != sent.end()) {
      resend_of(key, found->second, summary + " (" + found->second.state + " before)",
                "plan_email_offer_again",
                {{"project", offer.text(3)},
                 {"person", offer.text(5)},
                 {"state", "catalog:automation_state_" + found->second.state}});
      continue;
    }
    const std::int64_t deadline = offer.int64(2);
    boost::json::object payload{
        {"template", "academy.result_placed"},
        {"cohort", here.text(0)},
        {"project", offer.text(3)},
        {"confirm_by", format_utc_iso(deadline)},
        {"confirm_by_local", format_local(deadline, zone) + " (" + zone + ")"},
        {"why", "allocation"},
        {"to_name", offer.text(5)},
        {"language", offer.text(6)},
        {"community", here.text(3)},
        {"time_zone", zone},
        {"link", "/c/" + here.text(4) + "/cohorts/" + here.text(1)}};
    plan.actions.push_back({"create",
                            summary + " (never sent)",
                            {.kind = "email",
                             .target = offer.text(4),
                             .payload = std::move(payload),
                             .idempotency_key = key,
                             .community_id = community_id},
                            "plan_email_offer",
                            {{"project", offer.text(3)}, {"person", offer.text(5)}}});
  }

  // Results of the published run for people without a plain seat offer:
  // only a dead or cancelled one can be resent (its payload says it all).
  auto results = transaction->query(
      "SELECT r.run_id, r.user_id, u.display_name FROM allocation_results r "
      "JOIN allocation_runs a ON a.id = r.run_id JOIN users u ON u.id = r.user_id "
      "WHERE a.cohort_id = ? AND a.published_at IS NOT NULL ORDER BY r.user_id",
      {cohort_id});
  if (!results) return results.error();
  for (const auto& result : results.value()) {
    const std::string key =
        "academy.result:" + std::to_string(result.int64(0)) + ":" + std::to_string(result.int64(1));
    auto found = sent.find(key);
    if (found == sent.end()) continue;  // placed without a waitlist: the offer said it all
    if (received(found->second.state)) {
      ++plan.in_sync;
    } else {
      resend_of(key, found->second,
                "send the selection result to " + result.text(2) + " (" + found->second.state +
                    " before)",
                "plan_email_result_again",
                {{"person", result.text(2)},
                 {"state", "catalog:automation_state_" + found->second.state}});
    }
  }
  return plan;
}

}  // namespace moim::automation
