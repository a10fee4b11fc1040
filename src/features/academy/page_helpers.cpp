// The academy pages' shared view helpers (page_helpers.hpp).
#include "features/academy/page_helpers.hpp"

namespace moim::academy::pages {

using accounts::RequestContext;

boost::json::array options(const RequestContext& context, accounts::WebSession& session,
                           const std::string& prefix, const std::vector<std::string_view>& names,
                           const std::optional<std::string>& selected) {
  boost::json::array list;
  for (auto name : names) {
    list.push_back(boost::json::object{{"value", name},
                                       {"label", session.text(context, prefix + std::string(name))},
                                       {"selected", selected && *selected == name}});
  }
  return list;
}

boost::json::object project_view(const RequestContext& context, accounts::WebSession& session,
                                 const Project& project, const std::string& slug) {
  boost::json::object view = project_json(project);
  view["slug"] = slug;
  view["kind_label"] = session.text(context, "kind_" + project.kind);
  view["level_label"] = session.text(context, "level_" + project.level);
  view["language_label"] = session.text(context, "language_" + project.language);
  view["mode_label"] = session.text(context, "mode_" + project.mode);
  view["weekday_label"] = session.text(
      context, "weekday_" + std::string(kWeekdays[static_cast<std::size_t>(project.weekday)]));
  view["status_label"] =
      session.text(context, "project_status_" + std::string(status_name(project.status)));
  view["is_approved"] = project.status == ProjectStatus::kApproved;
  view["is_offline"] = project.mode == "offline";
  view["full"] = project.seats_left() == 0;
  boost::json::array tags;
  for (const auto& tag : project.tags) tags.push_back(boost::json::object{{"tag", tag}});
  view["tag_list"] = tags;
  return view;
}

boost::json::object project_card_view(const RequestContext& context, accounts::WebSession& session,
                                      const Project& project, const std::string& slug) {
  boost::json::array tags;
  for (const auto& tag : project.tags) tags.push_back(boost::json::object{{"tag", tag}});
  return {{"id", project.id},
          {"slug", slug},
          {"title", project.title},
          {"summary", project.summary},
          {"kind_label", session.text(context, "kind_" + project.kind)},
          {"level_label", session.text(context, "level_" + project.level)},
          {"language_label", session.text(context, "language_" + project.language)},
          {"mode_label", session.text(context, "mode_" + project.mode)},
          {"weekday_label",
           session.text(
               context,
               "weekday_" + std::string(kWeekdays[static_cast<std::size_t>(project.weekday)]))},
          {"schedule", {{"start_time", project.start_time}, {"time_zone", project.time_zone}}},
          {"tag_list", std::move(tags)},
          {"seats_left", project.seats_left()},
          {"max_runners", project.max_runners},
          {"auditors_welcome", project.auditors_welcome},
          {"is_approved", project.status == ProjectStatus::kApproved},
          {"status_label",
           session.text(context, "project_status_" + std::string(status_name(project.status)))}};
}

}  // namespace moim::academy::pages
