// /api/v1/communities/{slug}/mentoring/programs*: the typed routes. A
// handler parses (the types do), calls the service and shapes the reply.
#include <random>

#include "features/mentoring/api_types.hpp"
#include "features/mentoring/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::mentoring {

using namespace api;  // NOLINT: this file is the API's
using accounts::Access;
using http::Method;
using web::Nothing;

namespace {

template <class T>
std::optional<std::vector<std::string>> words(const std::optional<std::vector<T>>& given) {
  if (!given) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& one : *given) out.push_back(one.value);
  return out;
}

template <class T>
std::optional<std::string> text(const std::optional<T>& given) {
  return given ? std::optional<std::string>(given->value) : std::nullopt;
}

template <class T>
std::optional<int> number(const std::optional<T>& given) {
  return given ? std::optional<int>(static_cast<int>(given->value)) : std::nullopt;
}

std::vector<std::vector<std::int64_t>> hours_out(const std::vector<Interval>& hours) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& piece : hours) out.push_back({piece.begin, piece.end});
  return out;
}

std::string day_text(std::int64_t seconds, const std::string& zone) {
  return format_local(seconds, zone, "%Y-%m-%d");
}

ProgramOut program_out(const Program& program) {
  return {.id = program.id,
          .name = program.name,
          .description = program.description,
          .starts_on = day_text(program.starts_at, program.time_zone),
          // ends_at is the midnight after the last day.
          .ends_on = day_text(program.ends_at - 1, program.time_zone),
          .time_zone = program.time_zone,
          .format = program.format,
          .cadence_days = program.cadence_days,
          .sessions = program.sessions,
          .session_minutes = program.session_minutes,
          .languages = program.languages,
          .topics = program.topics,
          .audience = program.audience,
          .allow_repeat_pairs = program.allow_repeat_pairs,
          .signups_open = program.signups_open(),
          .announced = program.announced_run_id.has_value(),
          .mentors = program.mentors,
          .mentees = program.mentees};
}

ProfileOut profile_out(const Profile& profile) {
  return {profile.languages, profile.topics, profile.time_zone, profile.availability};
}

OfferOut offer_out(const Offer& offer) {
  return {offer.id,
          offer.user_id,
          offer.display_name,
          offer.capacity,
          profile_out(offer.profile),
          hours_out(offer.hours),
          offer.bio,
          offer.help_with,
          offer.status,
          offer.review_reason};
}

ApplicationOut application_out(const Application& application) {
  return {application.id,
          application.user_id,
          application.display_name,
          application.goals,
          profile_out(application.profile),
          hours_out(application.hours),
          application.ranking,
          application.status,
          application.review_reason};
}

RunOut run_out(const Run& run) {
  RunOut out{.id = run.id,
             .mode = run.mode == "stable" ? allocation::mentoring::Mode::stable
                                          : allocation::mentoring::Mode::fit,
             .seed = static_cast<std::int64_t>(run.seed),
             .created_at = Instant{run.created_at},
             .announced = run.announced,
             .summary = {run.summary.mentees, run.summary.mentors, run.summary.capacity,
                         run.summary.matched, run.summary.unmatched, run.summary.pinned,
                         run.summary.total_score, run.summary.compatible_pairs}};
  for (const auto& pair : run.pairs)
    out.pairs.push_back({pair.offer_id, pair.application_id, pair.mentor_name, pair.mentee_name,
                         pair.score, pair.overlap_minutes, pair.shared_topics, pair.ranked,
                         pair.pinned});
  for (const auto& one : run.unmatched)
    out.unmatched.push_back(
        {one.application_id, one.mentee_name, one.reason, one.compatible_mentors});
  return out;
}

SideOut side_out(const Pair::Side& side) {
  return {side.user_id, side.display_name, profile_out(side.profile), side.bio, side.help_with};
}

PairOut pair_out(const Pair& pair) {
  return {pair.id,    pair.program_id, side_out(pair.mentor), side_out(pair.mentee),
          pair.goals, pair.score,      pair.overlap_minutes,  hours_out(pair.common)};
}

OfferInput offer_input(const OfferBody& body) {
  return {number(body.capacity),   words(body.languages), words(body.topics),  text(body.time_zone),
          text(body.availability), text(body.bio),        text(body.help_with)};
}

ApplicationInput application_input(const ApplicationBody& body) {
  return {words(body.goals),    words(body.languages),   words(body.topics),
          text(body.time_zone), text(body.availability), body.ranking};
}

ProgramInput program_input(const ProgramBody& body) {
  ProgramInput input{.name = text(body.name),
                     .description = text(body.description),
                     .starts_on = text(body.starts_on),
                     .ends_on = text(body.ends_on),
                     .cadence_days = number(body.cadence_days),
                     .sessions = number(body.sessions),
                     .session_minutes = number(body.session_minutes),
                     .languages = words(body.languages),
                     .topics = words(body.topics),
                     .allow_repeat_pairs = body.allow_repeat_pairs,
                     .signups_closed = body.signups_closed};
  if (body.format) input.format = *body.format == Format::group ? "group" : "one_to_one";
  if (body.audience) input.audience = *body.audience == Audience::anyone ? "anyone" : "members";
  return input;
}

struct ZoneQuery {
  std::optional<std::string> time_zone;  // the hours shown in it; the program's by default
  std::optional<std::string> lang;       // "ko" (default) or "en": day names
};
BOOST_DESCRIBE_STRUCT(ZoneQuery, (), (time_zone, lang))

struct MentorCardOut {
  std::int64_t offer_id = 0;
  std::string display_name;
  std::vector<std::string> languages, topics;
  std::string bio, help_with;
  std::vector<std::string> hours;
  std::int64_t capacity = 0;
};
BOOST_DESCRIBE_STRUCT(MentorCardOut, (),
                      (offer_id, display_name, languages, topics, bio, help_with, hours, capacity))
struct MentorCardList {
  std::vector<MentorCardOut> mentors;
};
BOOST_DESCRIBE_STRUCT(MentorCardList, (), (mentors))

}  // namespace

void add_mentoring_api(accounts::ApiRoutes& routes, MentoringService& mentoring) {
  const std::string base = "/api/v1/communities/{slug}/mentoring/programs";
  const std::string program = base + "/{program}";

  routes.add<CommunityPath, Nothing, Nothing, ProgramList>(
      {.method = Method::kGet,
       .path = base,
       .operation_id = "listMentoringPrograms",
       .summary = "The community's mentoring programs",
       .description = "Members see every program; anyone else those open to anyone.",
       .tag = "mentoring",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<ProgramList> {
        auto programs = mentoring.programs(call.viewer(), call.path.slug);
        if (!programs) return programs.error();
        ProgramList out;
        for (const auto& one : *programs) out.programs.push_back(program_out(one));
        return out;
      });

  routes.add<CommunityPath, Nothing, ProgramBody, ProgramOut>(
      {.method = Method::kPost,
       .path = base,
       .operation_id = "createMentoringProgram",
       .summary = "Open a mentoring program (organizers)",
       .description = "name, starts_on, ends_on and languages are required.",
       .tag = "mentoring",
       .status = 201,
       .errors = {403}},
      [&](auto& call) -> Result<ProgramOut> {
        auto created = mentoring.create(call.viewer(), call.path.slug, program_input(call.body));
        if (!created) return created.error();
        return program_out(*created);
      });

  routes.add<ProgramPath, Nothing, Nothing, ProgramOut>(
      {.method = Method::kGet,
       .path = program,
       .operation_id = "getMentoringProgram",
       .summary = "One mentoring program",
       .tag = "mentoring",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<ProgramOut> {
        auto found = mentoring.program(call.viewer(), call.path.slug, call.path.program);
        if (!found) return found.error();
        return program_out(*found);
      });

  routes.add<ProgramPath, Nothing, ProgramBody, ProgramOut>(
      {.method = Method::kPatch,
       .path = program,
       .operation_id = "updateMentoringProgram",
       .summary = "Change a mentoring program (organizers)",
       .description = "Dates no longer change once people have signed up (409).",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<ProgramOut> {
        auto changed = mentoring.update(call.viewer(), call.path.slug, call.path.program,
                                        program_input(call.body));
        if (!changed) return changed.error();
        return program_out(*changed);
      });

  routes.add<ProgramPath, Nothing, Nothing, StandingOut>(
      {.method = Method::kGet,
       .path = program + "/me",
       .operation_id = "getMyMentoringStanding",
       .summary = "The caller's offer, application and pairs in the program",
       .tag = "mentoring"},
      [&](auto& call) -> Result<StandingOut> {
        auto found = mentoring.program(call.viewer(), call.path.slug, call.path.program);
        if (!found) return found.error();
        auto standing = mentoring.standing(call.viewer(), *found);
        if (!standing) return standing.error();
        StandingOut out{.organizer = standing->organizer,
                        .member = standing->member,
                        .unmatched_reason = standing->unmatched_reason};
        if (standing->offer) out.offer = offer_out(*standing->offer);
        if (standing->application) out.application = application_out(*standing->application);
        for (const auto& pair : standing->pairs) out.pairs.push_back(pair_out(pair));
        return out;
      });

  // The caller's offer: made (POST), changed (PATCH), withdrawn (DELETE).
  routes.add<ProgramPath, Nothing, OfferBody, OfferOut>(
      {.method = Method::kPost,
       .path = program + "/offer",
       .operation_id = "offerToMentor",
       .summary = "Offer to mentor in the program",
       .description = "A second offer is a 409; a non-member may offer only where the program is "
                      "open to anyone, and joins the community with it.",
       .tag = "mentoring",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<OfferOut> {
        auto made = mentoring.offer(call.viewer(), call.path.slug, call.path.program,
                                    offer_input(call.body));
        if (!made) return made.error();
        return offer_out(*made);
      });
  routes.add<ProgramPath, Nothing, OfferBody, OfferOut>(
      {.method = Method::kPatch,
       .path = program + "/offer",
       .operation_id = "changeMentorOffer",
       .summary = "Change the caller's offer while sign-ups are open",
       .tag = "mentoring",
       .errors = {409}},
      [&](auto& call) -> Result<OfferOut> {
        auto changed = mentoring.change_offer(call.viewer(), call.path.slug, call.path.program,
                                              offer_input(call.body));
        if (!changed) return changed.error();
        return offer_out(*changed);
      });
  routes.add<ProgramPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = program + "/offer",
       .operation_id = "withdrawMentorOffer",
       .summary = "Withdraw the caller's offer",
       .tag = "mentoring",
       .status = 204,
       .errors = {409}},
      [&](auto& call) -> Result<Nothing> {
        if (auto status =
                mentoring.withdraw(call.viewer(), call.path.slug, call.path.program, true);
            !status)
          return status.error();
        return Nothing{};
      });

  routes.add<ProgramPath, Nothing, ApplicationBody, ApplicationOut>(
      {.method = Method::kPost,
       .path = program + "/application",
       .operation_id = "applyAsMentee",
       .summary = "Apply as a mentee",
       .description = "Applying twice is a 409. ranking lists up to five mentors' offer ids.",
       .tag = "mentoring",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<ApplicationOut> {
        auto made = mentoring.apply(call.viewer(), call.path.slug, call.path.program,
                                    application_input(call.body));
        if (!made) return made.error();
        return application_out(*made);
      });
  routes.add<ProgramPath, Nothing, ApplicationBody, ApplicationOut>(
      {.method = Method::kPatch,
       .path = program + "/application",
       .operation_id = "changeMenteeApplication",
       .summary = "Change the caller's application while sign-ups are open",
       .tag = "mentoring",
       .errors = {409}},
      [&](auto& call) -> Result<ApplicationOut> {
        auto changed = mentoring.change_application(
            call.viewer(), call.path.slug, call.path.program, application_input(call.body));
        if (!changed) return changed.error();
        return application_out(*changed);
      });
  routes.add<ProgramPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = program + "/application",
       .operation_id = "withdrawMenteeApplication",
       .summary = "Withdraw the caller's application",
       .tag = "mentoring",
       .status = 204,
       .errors = {409}},
      [&](auto& call) -> Result<Nothing> {
        if (auto status =
                mentoring.withdraw(call.viewer(), call.path.slug, call.path.program, false);
            !status)
          return status.error();
        return Nothing{};
      });

  routes.add<ProgramPath, ZoneQuery, Nothing, MentorCardList>(
      {.method = Method::kGet,
       .path = program + "/mentors",
       .operation_id = "listMentorsToRank",
       .summary = "The mentors a mentee may rank, their hours in a zone",
       .tag = "mentoring",
       .access = Access::kAnyone},
      [&](auto& call) -> Result<MentorCardList> {
        const std::string zone = call.query.time_zone.value_or("");
        if (!zone.empty() && !is_valid_time_zone(zone))
          return Error::invalid("time_zone",
                                "time_zone: there is no time zone '" + zone.substr(0, 64) + "'");
        auto cards = mentoring.mentor_cards(call.viewer(), call.path.slug, call.path.program, zone,
                                            call.query.lang.value_or("ko") == "en" ? "en" : "ko");
        if (!cards) return cards.error();
        MentorCardList out;
        for (const auto& card : *cards)
          out.mentors.push_back({card.offer_id, card.display_name, card.languages, card.topics,
                                 card.bio, card.help_with, card.hours, card.capacity});
        return out;
      });

  // Organizers: both sides and their review.
  routes.add<ProgramPath, Nothing, Nothing, OfferList>(
      {.method = Method::kGet,
       .path = program + "/offers",
       .operation_id = "listMentorOffers",
       .summary = "Every mentor's offer (organizers)",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<OfferList> {
        auto offers = mentoring.offers(call.viewer(), call.path.slug, call.path.program);
        if (!offers) return offers.error();
        OfferList out;
        for (const auto& one : *offers) out.offers.push_back(offer_out(one));
        return out;
      });
  routes.add<OfferPath, Nothing, ReviewBody, OfferOut>(
      {.method = Method::kPost,
       .path = program + "/offers/{offer}/review",
       .operation_id = "reviewMentorOffer",
       .summary = "Accept or decline a mentor (organizers)",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<OfferOut> {
        auto reviewed = mentoring.review_offer(
            call.viewer(), call.path.slug, call.path.program, call.path.offer,
            call.body.decision == Decision::accept, text(call.body.reason).value_or(""));
        if (!reviewed) return reviewed.error();
        return offer_out(*reviewed);
      });
  routes.add<ProgramPath, Nothing, Nothing, ApplicationList>(
      {.method = Method::kGet,
       .path = program + "/applications",
       .operation_id = "listMenteeApplications",
       .summary = "Every mentee's application (organizers)",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<ApplicationList> {
        auto applications =
            mentoring.applications(call.viewer(), call.path.slug, call.path.program);
        if (!applications) return applications.error();
        ApplicationList out;
        for (const auto& one : *applications) out.applications.push_back(application_out(one));
        return out;
      });
  routes.add<ApplicationPath, Nothing, ReviewBody, ApplicationOut>(
      {.method = Method::kPost,
       .path = program + "/applications/{application}/review",
       .operation_id = "reviewMenteeApplication",
       .summary = "Accept or decline a mentee (organizers)",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<ApplicationOut> {
        auto reviewed = mentoring.review_application(
            call.viewer(), call.path.slug, call.path.program, call.path.application,
            call.body.decision == Decision::accept, text(call.body.reason).value_or(""));
        if (!reviewed) return reviewed.error();
        return application_out(*reviewed);
      });

  routes.add<ProgramPath, Nothing, Nothing, RuleList>(
      {.method = Method::kGet,
       .path = program + "/rules",
       .operation_id = "listMentoringRules",
       .summary = "Pins and exclusions (organizers)",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<RuleList> {
        auto rules = mentoring.rules(call.viewer(), call.path.slug, call.path.program);
        if (!rules) return rules.error();
        RuleList out;
        for (const auto& rule : *rules)
          out.rules.push_back({rule.id, rule.offer_id, rule.application_id, rule.mentor_name,
                               rule.mentee_name, rule.pin ? RuleKind::pin : RuleKind::exclude,
                               rule.reason});
        return out;
      });
  routes.add<ProgramPath, Nothing, RuleBody, RuleOut>(
      {.method = Method::kPost,
       .path = program + "/rules",
       .operation_id = "addMentoringRule",
       .summary = "Pin or exclude a pair, with a reason (organizers)",
       .tag = "mentoring",
       .status = 201,
       .errors = {403, 409}},
      [&](auto& call) -> Result<RuleOut> {
        auto rule = mentoring.add_rule(call.viewer(), call.path.slug, call.path.program,
                                       call.body.offer_id, call.body.application_id,
                                       call.body.kind == RuleKind::pin, call.body.reason.value);
        if (!rule) return rule.error();
        return RuleOut{
            rule->id,          rule->offer_id,    rule->application_id,
            rule->mentor_name, rule->mentee_name, rule->pin ? RuleKind::pin : RuleKind::exclude,
            rule->reason};
      });
  routes.add<RulePath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = program + "/rules/{rule}",
       .operation_id = "removeMentoringRule",
       .summary = "Remove a pin or exclusion (organizers)",
       .tag = "mentoring",
       .status = 204,
       .errors = {403, 409}},
      [&](auto& call) -> Result<Nothing> {
        if (auto status = mentoring.remove_rule(call.viewer(), call.path.slug, call.path.program,
                                                call.path.rule);
            !status)
          return status.error();
        return Nothing{};
      });

  routes.add<ProgramPath, Nothing, MatchBody, RunOut>(
      {.method = Method::kPost,
       .path = program + "/matches",
       .operation_id = "matchMentoring",
       .summary = "Run the matcher on the accepted sides (organizers)",
       .description = "mode fit: the most mentees matched, then the highest total score; stable: "
                      "no mentee and mentor who would both rather be together. The run is kept "
                      "and nothing is announced; the same seed gives the same pairs.",
       .tag = "mentoring",
       .status = 201,
       .errors = {403, 409, 422}},
      [&](auto& call) -> Result<RunOut> {
        std::uint64_t seed = 0;
        if (call.body.seed) {
          seed = static_cast<std::uint64_t>(call.body.seed->value);
        } else {
          std::random_device device;
          seed = (static_cast<std::uint64_t>(device()) << 21) ^ device();
        }
        auto run =
            mentoring.match(call.viewer(), call.path.slug, call.path.program, call.body.mode, seed);
        if (!run) return run.error();
        return run_out(*run);
      });
  routes.add<ProgramPath, Nothing, Nothing, RunList>(
      {.method = Method::kGet,
       .path = program + "/matches",
       .operation_id = "listMentoringRuns",
       .summary = "The newest matcher runs (organizers)",
       .tag = "mentoring",
       .errors = {403}},
      [&](auto& call) -> Result<RunList> {
        auto runs = mentoring.runs(call.viewer(), call.path.slug, call.path.program);
        if (!runs) return runs.error();
        RunList out;
        for (const auto& run : *runs) out.runs.push_back(run_out(run));
        return out;
      });
  routes.add<RunPath, Nothing, Nothing, RunOut>(
      {.method = Method::kPost,
       .path = program + "/matches/{run}/announce",
       .operation_id = "announceMentoringRun",
       .summary = "Make a run's pairs and mail both sides (organizers)",
       .description = "Once per program (409 after). A run whose people were withdrawn or "
                      "declined since is out of date (409 stale_run).",
       .tag = "mentoring",
       .errors = {403, 409}},
      [&](auto& call) -> Result<RunOut> {
        auto run =
            mentoring.announce(call.viewer(), call.path.slug, call.path.program, call.path.run);
        if (!run) return run.error();
        return run_out(*run);
      });

  routes.add<ProgramPath, Nothing, Nothing, PairList>(
      {.method = Method::kGet,
       .path = program + "/pairs",
       .operation_id = "listMentoringPairs",
       .summary = "Announced pairs: all for organizers, the caller's own for members",
       .tag = "mentoring"},
      [&](auto& call) -> Result<PairList> {
        auto pairs = mentoring.pairs(call.viewer(), call.path.slug, call.path.program);
        if (!pairs) return pairs.error();
        PairList out;
        for (const auto& pair : *pairs) out.pairs.push_back(pair_out(pair));
        return out;
      });
  routes.add<PairPath, Nothing, Nothing, PairOut>(
      {.method = Method::kGet,
       .path = program + "/pairs/{pair}",
       .operation_id = "getMentoringPair",
       .summary = "One pair: its two people and organizers only (404 for anyone else)",
       .tag = "mentoring"},
      [&](auto& call) -> Result<PairOut> {
        auto pair =
            mentoring.pair(call.viewer(), call.path.slug, call.path.program, call.path.pair);
        if (!pair) return pair.error();
        return pair_out(*pair);
      });
}

}  // namespace moim::mentoring
