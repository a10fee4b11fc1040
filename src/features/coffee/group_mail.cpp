#include "features/coffee/group_mail.hpp"

#include <algorithm>
#include <map>

#include "features/coffee/week_slots.hpp"

namespace moim::coffee {

namespace {

std::string lower_ascii(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

boost::json::array to_array(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

}  // namespace

std::vector<std::string> shared_topics(const std::vector<std::vector<std::string>>& per_person) {
  std::map<std::string, int> people_naming;
  std::vector<std::pair<std::string, std::string>> first_seen;  // key, spelling
  for (const auto& topics : per_person) {
    std::vector<std::string> keys;
    for (const auto& topic : topics) {
      std::string key = lower_ascii(topic);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
      if (people_naming[key]++ == 0) first_seen.emplace_back(key, topic);
    }
  }
  std::vector<std::string> shared;
  for (const auto& [key, spelling] : first_seen) {
    if (people_naming[key] >= 2) shared.push_back(spelling);
  }
  return shared;
}

outbox::OutboxMessage group_mail(const MailContext& context, const MailPerson& recipient,
                                 const std::vector<MailPerson>& group, std::int64_t host_id,
                                 const std::vector<int>& common_slots,
                                 const std::vector<std::string>& topics_shared) {
  const std::string language = recipient.locale.value_or(context.community_locale);
  const bool english = language == "en";
  std::vector<std::string> slot_texts;
  for (int slot : common_slots)
    slot_texts.push_back(describe_slot(slot, recipient.time_zone, context.now, language));

  boost::json::array members;
  std::string host_name;
  std::string roster;
  for (const MailPerson& person : group) {
    if (person.user_id == host_id) host_name = person.display_name;
    members.push_back({{"user_id", person.user_id},
                       {"display_name", person.display_name},
                       {"bio", person.bio},
                       {"interests", to_array(person.interests)},
                       {"topics", to_array(person.topics)},
                       {"languages", to_array(person.languages)},
                       {"is_host", person.user_id == host_id},
                       {"is_you", person.user_id == recipient.user_id}});
    if (person.user_id == recipient.user_id) continue;
    roster += "- " + person.display_name;
    if (!person.bio.empty()) roster += ": " + person.bio;
    std::vector<std::string> tags = person.topics;
    tags.insert(tags.end(), person.interests.begin(), person.interests.end());
    if (!tags.empty()) roster += " [" + joined(tags) + "]";
    roster += "\n";
  }

  const std::string subject =
      english ? "[" + context.community_name + "] Your coffee chat group, round " +
                    std::to_string(context.round_number) + " of " + context.program_name
              : "[" + context.community_name + "] " + context.program_name + " " +
                    std::to_string(context.round_number) + "회차 커피챗 조가 정해졌어요";
  std::string text;
  if (english) {
    text = "Hello " + recipient.display_name + ",\n\nYour group this round:\n" + roster +
           "\nSuggested host: " + host_name + "\nShared topics: " +
           (topics_shared.empty() ? "none yet; a good start" : joined(topics_shared)) +
           "\nTimes you are all free (" + recipient.time_zone + "): " +
           (slot_texts.empty() ? "none in common (or none given); agree on one together"
                               : joined(slot_texts)) +
           "\n\nAfter you meet, tell us whether it happened: " + context.program_path + "\n";
  } else {
    text = recipient.display_name + "님, 안녕하세요.\n\n이번 회차에 함께할 분들입니다:\n" + roster +
           "\n진행 제안: " + host_name + "\n함께 관심 있는 주제: " +
           (topics_shared.empty() ? "아직 없어요. 서로 소개부터 시작해 보세요"
                                  : joined(topics_shared)) +
           "\n모두 가능한 시간 (" + recipient.time_zone + "): " +
           (slot_texts.empty() ? "겹치는 시간이 없거나 정해지지 않았어요. 함께 정해 주세요"
                               : joined(slot_texts)) +
           "\n\n만난 뒤에 만났는지 알려 주세요: " + context.program_path + "\n";
  }

  return outbox::OutboxMessage{
      .kind = "email",
      .target = recipient.email,
      .payload = {{"template", "coffee_group"},
                  {"language", language},
                  {"to_name", recipient.display_name},
                  {"subject", subject},
                  {"text", text},
                  {"community", context.community_name},
                  {"program", context.program_name},
                  {"round_number", context.round_number},
                  {"members", members},
                  {"host", host_name},
                  {"shared_topics", to_array(topics_shared)},
                  {"time_zone", recipient.time_zone},
                  {"common_slots", to_array(slot_texts)},
                  {"link", context.program_path}},
      .idempotency_key = "coffee_group:" + std::to_string(context.round_id) + ":" +
                         std::to_string(recipient.user_id)};
}

}  // namespace moim::coffee
