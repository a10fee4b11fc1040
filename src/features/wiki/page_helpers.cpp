#include "features/wiki/page_helpers.hpp"

#include <array>
#include <charconv>

#include "platform/base/time_zone.hpp"

namespace moim::wiki::pages {

std::string wiki_path(const std::string& slug) { return "/c/" + slug + "/wiki"; }

std::string page_path(const std::string& slug, std::int64_t page_id) {
  return wiki_path(slug) + "/" + std::to_string(page_id);
}

std::int64_t number_of(const std::string& text) {
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || end != text.data() + text.size() || number <= 0) return 0;
  return number;
}

std::int64_t id_param(const http::Request& request, const std::string& name) {
  auto found = request.path_params.find(name);
  return found == request.path_params.end() ? 0 : number_of(found->second);
}

std::string value_of(const Form& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

http::Response csrf_refused(const WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

bool is_form_error(const Error& error) {
  return error.http_status == 400 || error.http_status == 409 || error.http_status == 413 ||
         error.http_status == 422 || (error.http_status == 404 && !error.field.empty());
}

std::string notice_key(const http::Request& request) {
  static constexpr std::array<std::string_view, 9> kNotices = {
      "saved",        "created",          "restored",  "settings_saved", "step_added",
      "step_removed", "template_created", "step_done", "image_added"};
  const std::string notice = request.query_param("notice").value_or("");
  for (std::string_view name : kNotices)
    if (notice == name) return "wiki_notice_" + notice;
  return "";
}

boost::json::array tree_json(const std::vector<TreeEntry>& tree, std::int64_t current) {
  boost::json::array out;
  for (const auto& entry : tree)
    out.push_back({{"id", entry.id},
                   {"title", entry.title},
                   {"depth", entry.depth},
                   {"indent", (entry.depth - 1) * 16},
                   {"is_public", entry.is_public},
                   {"current", entry.id == current}});
  return out;
}

std::string local_time(const communities::Community& community, std::int64_t seconds) {
  return format_local(seconds, community.time_zone, "%Y-%m-%d %H:%M");
}

boost::json::object page_json(const WebSession& session, const RequestContext& context,
                              const PageView& view) {
  const std::string& slug = view.community.slug;
  boost::json::array toc;
  for (const auto& heading : view.rendered.toc)
    toc.push_back(
        {{"id", heading.id}, {"text", heading.text}, {"indent", (heading.level - 1) * 12}});
  boost::json::array ancestors;
  for (const auto& crumb : view.ancestors)
    ancestors.push_back({{"title", crumb.title}, {"path", page_path(slug, crumb.id)}});
  boost::json::object page{
      {"id", view.page.id},
      {"title", view.page.title},
      {"path", page_path(slug, view.page.id)},
      {"html", view.rendered.html},
      {"toc", toc},
      {"has_toc", toc.size() >= 2},
      {"ancestors", ancestors},
      {"revision", view.page.revision},
      {"updated", local_time(view.community, view.page.updated_at)},
      {"updated_by",
       view.updated_by.empty() ? session.text(context, "wiki_author_erased") : view.updated_by},
      {"is_public", view.page.is_public},
      {"permission_label",
       session.text(context,
                    "wiki_permission_" + std::string(permission_name(view.page.edit_permission)))},
      {"can_edit", view.can_edit},
      {"can_manage", view.can_manage}};
  if (view.step) {
    page["step"] = {{"id", view.step->id},
                    {"title", view.step->title},
                    {"done", view.step_done},
                    {"may_confirm", view.is_member && !view.step_done}};
  }
  for (const char* permission : {"organizers", "builders", "members"})
    page[std::string("permission_is_") + permission] =
        permission_name(view.page.edit_permission) == permission;
  return page;
}

}  // namespace moim::wiki::pages
