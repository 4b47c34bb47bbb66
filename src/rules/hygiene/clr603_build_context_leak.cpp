// CLR603: `COPY .` / `ADD .` (or a folder of the context, or a broad glob such as `*`) of a
// build context that holds env files, keys, credentials or `.git`, which no .dockerignore line
// keeps out. The finding names the files, points at the source word, and is medium instead of
// high when the copy happens in a build stage whose files the shipped image does not take
// (the secrets then reach the builder and its cache, not the image that is pushed).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ignorefile/dockerignore.h"
#include "knowledge/secrets.h"
#include "model/project.h"
#include "model/stages.h"
#include "rules/hygiene/copy_sources.h"
#include "rules/rule.h"
#include "source/ascii.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Docker docs: .dockerignore files", "https://docs.docker.com/build/concepts/context/#dockerignore-files"},
    {"Docker docs: build context", "https://docs.docker.com/build/concepts/context/"},
    {"OWASP Docker Security Cheat Sheet, rule 12 (secrets)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"CIS Docker Benchmark 4.10 (do not store secrets in Dockerfiles)",
     "https://www.cisecurity.org/benchmark/docker"},
};

constexpr RuleMeta kMeta{
    .id = "CLR603",
    .slug = "build-context-leak",
    .title = "Build copies secrets from its context",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `COPY` or `ADD` that takes the whole build context (`.`), a folder of it, or "
        "a broad glob (`*`), when the files it takes include env files (`.env`, `.env.local`; "
        "not templates such as `.env.example`), private keys and keystores, package, cloud or "
        "git credentials, or the `.git` folder, and the .dockerignore that BuildKit applies "
        "(`<Dockerfile>.dockerignore`, else the context's `.dockerignore`, with its `!` "
        "exceptions and `**` patterns) does not exclude them, or there is none. A file named like a "
        "private key (`*.pem`, `*.key`) that can be read and holds no private key block (a CA "
        "certificate) is not reported, as for CLR509; files the "
        "COPY's or ADD's own `--exclude` patterns leave out are not reported. The message "
        "names the first few files. Nothing is reported when the context is remote or "
        "unknown, or when its listing stopped at its bound and nothing was found before it. "
        "A copy in a build stage whose files the shipped image does not take (a builder whose "
        "output is copied selectively with `COPY --from`: a `--from` source carries the path it "
        "names, file or folder, and nothing beside it; a wildcard source (`/app/target/*.jar`) "
        "what it matches and everything under a matched folder) is medium, not high: the secrets "
        "still reach the builder, its layer cache and any `--target` build of it, but not the "
        "image that ships. Where the files land is the destination with the build's ARG and ENV "
        "values, relative to the WORKDIR in effect, inherited through `FROM <stage>`; when it "
        "depends on a value not known here (the base image's ENV, as in `${GOPATH}/src/app`), "
        "whether the shipped image takes them is not known, and the finding is the stage's "
        "(medium). A secret file named on its own (`COPY .env .`) is CLR509's.",
    .rationale =
        "`COPY . .` copies whatever is in the folder at build time, which on a developer's "
        "machine or a CI runner includes the git-ignored `.env` with real passwords, the "
        "deploy key, the `.npmrc` with a publish token and the whole `.git` history (with every "
        "secret ever committed and since removed). The image then carries them to every "
        "registry and host that pulls it, where `docker save` or a shell in the container reads "
        "them. `.gitignore` does not apply to builds: only `.dockerignore` keeps files out of "
        "the context.",
    .example =
        "# context: .env  .git/  app.py  Dockerfile, and no .dockerignore\n"
        "FROM python:3.12-slim\n"
        "WORKDIR /app\n"
        "COPY . .\n",
    .instead =
        "```text\n"
        "# .dockerignore\n"
        ".git\n"
        ".env\n"
        ".env.*\n"
        "!.env.example\n"
        "**/*.pem\n"
        "```\n"
        "\n"
        "Exclude secrets and `.git` in a `.dockerignore` beside the Dockerfile's context (or "
        "`<Dockerfile>.dockerignore`), or copy only what the image needs (`COPY app.py "
        "requirements.txt ./`). Build-time secrets belong in `RUN --mount=type=secret`.",
    .fix_safety =
        "No fix is offered: which files an image needs is for its authors to decide; adding "
        "lines to .dockerignore can break a build that reads them.",
    .references = kRefs,
};

constexpr size_t kNamed = 3;

// A wildcard source's folder before its first wildcard: "/app/target/*.jar" -> "/app/target";
// "/" when it starts with one.
std::string literal_folder(const std::string& pattern) {
  const size_t wild = pattern.find_first_of("*?[");
  const size_t slash = pattern.rfind('/', wild);
  return slash == 0 || slash == std::string::npos ? std::string("/") : pattern.substr(0, slash);
}

// Whether a `COPY --from` source path `src` (absolute, cleaned) carries files a context copy
// put in its stage. `landed` are where the leaked files went; empty when not known (a glob
// source), and then any path holding `destination` or under it counts.
bool carries(const std::string& src, const std::string& destination, const std::vector<std::string>& landed) {
  if (src == "/") return true;
  if (copies::has_glob(src)) {
    // BuildKit copies what the pattern matches, each match with everything under it: a leaked
    // file goes along when the pattern matches it or a folder above it (`/app/*` carries
    // `/app/.env`, `/app/target/*.jar` does not). Where the files went is not known for a glob
    // context source: then judge by the folder the pattern starts in.
    if (landed.empty()) return carries(literal_folder(src), destination, landed);
    const copies::Glob glob(src.substr(1));
    return std::any_of(landed.begin(), landed.end(), [&](const std::string& l) { return glob.matches(l.substr(1)); });
  }
  // COPY --from copies the path it names, file or folder, and nothing beside it: a source
  // below where the secret went (`/src/bin/app` after `COPY . /src`) does not carry it.
  if (!landed.empty())
    return std::any_of(landed.begin(), landed.end(),
                       [&](const std::string& l) { return l == src || l.starts_with(src + "/"); });
  return destination == src || destination.starts_with(src + "/") ||
         src.starts_with(destination == "/" ? destination : destination + "/");
}

// Whether files a context copy put in a stage end up in the image that ships.
enum class Reach : uint8_t {
  kShipped,    // the stage ships, or the shipped image copies a path that holds them
  kStage,      // they stay in the stage: the shipped image copies other paths out of it
  kUnknown,    // it copies paths out of it, but where the files went is not known
  kNotCopied,  // they stay in the stage: no stage takes files from it
};

// The paths an instruction of the shipped chain takes out of stage `name` (or its index):
// COPY/ADD --from sources, and the `source` of a RUN --mount from it (what the RUN does with
// the mounted files is not known: the whole source counts). Empty when it takes nothing.
std::vector<std::string> taken_from(const dockerfile::Instruction& in, const std::string& name, size_t index) {
  std::vector<std::string> out;
  const auto names_stage = [&](std::string_view from) {
    const std::string f = source::ascii_lower(from);
    return f == name || f == std::to_string(index);
  };
  if (in.is(dockerfile::Keyword::kCopy) || in.is(dockerfile::Keyword::kAdd)) {
    const dockerfile::Flag* from = in.flag("from");
    if (!from || !names_stage(from->value)) return out;
    for (size_t i = 0; i + 1 < in.words.size(); ++i) out.push_back("/" + copies::clean(in.words[i].value));
    return out;
  }
  if (!in.is(dockerfile::Keyword::kRun)) return out;
  for (const dockerfile::Flag& flag : in.flags) {
    if (flag.name != "mount") continue;
    const dockerfile::MountFields mount = dockerfile::split_mount(flag.value);
    const dockerfile::MountField* from = mount.find("from");
    if (!from || !names_stage(from->value)) continue;
    const dockerfile::MountField* source_field = mount.find("source");
    if (!source_field) source_field = mount.find("src");
    out.push_back("/" + copies::clean(source_field ? source_field->value : std::string()));
  }
  return out;
}

// Whether the files a copy in stage `from_stage` put at `destination` (the leaked ones at
// `landed`) reach the shipped image: the stage is the shipped one or one it builds on, or a
// stage on that chain copies a path that holds them out of it with `COPY --from`. An empty
// `destination` is one that depends on a value not known here (a base image's ENV).
Reach reaches_shipped(const dockerfile::Dockerfile& df, const std::vector<copies::Stage>& stages, size_t shipped,
                      size_t from_stage, const std::string& destination, const std::vector<std::string>& landed) {
  std::vector<size_t> chain{shipped};
  for (size_t guard = 0; guard < stages.size(); ++guard) {
    const std::string& base = stages[chain.back()].base;
    auto it = std::find_if(stages.begin(), stages.begin() + static_cast<long>(chain.back()),
                           [&](const copies::Stage& s) { return !s.name.empty() && s.name == base; });
    if (it == stages.begin() + static_cast<long>(chain.back())) break;
    chain.push_back(static_cast<size_t>(it - stages.begin()));
  }
  if (std::find(chain.begin(), chain.end(), from_stage) != chain.end()) return Reach::kShipped;
  const std::string& name = stages[from_stage].name;
  size_t stage = 0;
  bool seen_from = false;
  bool copied_from = false;
  bool taken_anywhere = false;  // by any stage (one the shipped image copies from in turn)
  for (const dockerfile::Instruction& in : df.instructions) {
    if (in.is(dockerfile::Keyword::kFrom)) {
      if (seen_from) ++stage;
      seen_from = true;
      continue;
    }
    const std::vector<std::string> sources = taken_from(in, name, from_stage);
    if (sources.empty()) continue;
    taken_anywhere = true;
    if (std::find(chain.begin(), chain.end(), stage) == chain.end()) continue;
    copied_from = true;
    for (const std::string& src : sources) {
      if (src.find('$') != std::string::npos) return Reach::kShipped;
      if (!destination.empty() && carries(src, destination, landed)) return Reach::kShipped;
    }
  }
  if (!taken_anywhere) return Reach::kNotCopied;
  if (!copied_from) return Reach::kStage;
  return destination.empty() ? Reach::kUnknown : Reach::kStage;
}

// The WORKDIR a stage starts in: the one it inherits through `FROM <stage>` (WORKDIR is image
// configuration), else "/" (a base image's own WORKDIR is not known; "/" is the usual case).
// nullopt when the inherited one depends on a value not known here.
std::optional<std::string> starting_workdir(const model::StageGraph& graph, const model::Stage& stage) {
  const std::optional<size_t> parent = stage.parent();
  if (!parent || !graph.stages()[*parent].workdir) return std::string("/");
  const model::BuildValue& inherited = *graph.stages()[*parent].workdir;
  if (!inherited.known() || !inherited.value.starts_with('/')) return std::nullopt;
  return copies::absolute_in("/", inherited.value);
}

// Where a context source lands in its stage as this build resolves it (absolute, cleaned): the
// destination with the build's variables substituted, relative to the WORKDIR in effect.
// nullopt when it depends on a value not known here (`${GOPATH}` from the base image's ENV).
std::optional<std::string> destination_in(const model::StageGraph& graph, const copies::ContextSource& s) {
  const model::Stage& stage = graph.stages()[s.stage];
  std::optional<std::string> workdir = starting_workdir(graph, stage);
  for (const dockerfile::Instruction* in : stage.instructions) {
    const bool here = in == s.instruction;
    if (!here && (!in->is(dockerfile::Keyword::kWorkdir) || in->words.empty())) continue;
    const dockerfile::Word& word = here ? in->words.back() : in->words.front();
    const model::BuildValue path = graph.expand(stage, *in, copies::unquoted(word.value));
    std::optional<std::string> resolved;
    if (path.known() && (path.value.starts_with('/') || workdir))
      resolved = copies::absolute_in(workdir ? *workdir : "/", path.value);
    if (here) return resolved;
    workdir = std::move(resolved);
  }
  return s.destination.empty() ? std::nullopt : std::optional<std::string>(s.destination);
}

// The `--exclude` patterns of a COPY or ADD (several flags add up), as .dockerignore-like
// patterns; null when there are none. A pattern with a variable is left out: what it excludes
// is not known, so the files it might exclude are still reported.
std::optional<ignorefile::Dockerignore> copy_excludes(const dockerfile::Instruction& in) {
  std::vector<std::string> lines;
  for (const dockerfile::Flag& f : in.flags)
    if (f.name == "exclude" && f.has_value && !f.value.empty() && f.value.find('$') == std::string_view::npos)
      lines.emplace_back(f.value);
  if (lines.empty()) return std::nullopt;
  return ignorefile::Dockerignore::from_lines(lines);
}

// Where a leaked context file lands: a folder source copies its contents into the destination.
std::string landing(const std::string& destination, const std::string& relative) {
  return (destination == "/" ? "" : destination) + "/" + relative;
}

// A file named like a private key (`*.pem`, `*.key`) holds one, by its content when it can be
// read, as CLR509 judges it: a CA certificate (`certs/corp-root.pem` with only CERTIFICATE
// blocks) copied for update-ca-certificates is not a leak. Other kinds go by their name.
bool holds_key(const model::Project& project, const model::BuildContext& context, const std::string& path) {
  const std::optional<knowledge::SecretFileKind> kind = knowledge::secret_file_kind(path);
  if (kind != knowledge::SecretFileKind::kPrivateKey) return true;
  const std::string absolute = (std::filesystem::path(context.directory) / path).lexically_normal().string();
  return copies::holds_secret(project.workspace, absolute, *kind);
}

class BuildContextLeak final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    const std::vector<copies::DockerfileBuild> builds = copies::builds_by_context(project);
    for (const copies::DockerfileBuild& db : builds) {
      if (!db.build) continue;
      // A Dockerfile built from several contexts: each finding says which build it is about.
      const bool several_contexts = std::count_if(builds.begin(), builds.end(), [&](const copies::DockerfileBuild& other) {
        return other.dockerfile == db.dockerfile && other.build;
      }) > 1;
      const model::DockerfileSource& source = project.dockerfiles[db.dockerfile];
      if (!source.syntax) continue;
      const model::BuildContext& context = *db.build->context;
      const model::DockerignoreSource* ignore_source =
          context.dockerignore && *context.dockerignore < project.dockerignores.size()
              ? &project.dockerignores[*context.dockerignore]
              : nullptr;
      const ignorefile::Dockerignore* ignore = ignore_source ? ignore_source->parsed.get() : nullptr;
      const std::vector<copies::Stage> stages = copies::stages(*source.syntax);
      // The build's own view of the stages resolves destinations (variables, inherited WORKDIR).
      const model::StageGraph* graph =
          db.build->stages && db.build->stages->stages().size() == stages.size() ? db.build->stages.get() : nullptr;
      const size_t shipped = copies::shipped_stage(stages, db.build->target);
      for (const copies::ContextSource& s : copies::context_sources_of(project, *source.syntax)) {
        std::optional<copies::Glob> glob;
        if (s.glob) {
          if (!s.broad) continue;  // CLR509's
          glob.emplace(s.path);
        }
        const std::string folder = s.path.empty() ? "" : s.path + "/";
        if (!s.glob && !s.path.empty() &&
            !std::any_of(context.paths->begin(), context.paths->end(),
                         [&](const std::string& p) { return p.starts_with(folder); }))
          continue;  // a file (CLR509 judges it by name) or nothing
        const std::optional<std::string> destination = graph ? destination_in(*graph, s)
                                                       : s.destination.empty() ? std::nullopt
                                                                               : std::optional<std::string>(s.destination);
        const std::optional<ignorefile::Dockerignore> excludes = copy_excludes(*s.instruction);
        std::vector<std::string> leaked;
        std::vector<std::string> landed;  // where they go; unknown for a glob source or destination
        for (const std::string& p : *context.paths) {
          if (glob ? !glob->matches(p) : !p.starts_with(folder)) continue;
          if (!copies::leak_kind(p) || !holds_key(project, context, p)) continue;
          if (ignore && ignore->excludes(p)) continue;
          // `--exclude` patterns match paths relative to the folder copied (BuildKit applies
          // them while walking the source); for a glob, relative to the context.
          const std::string relative = glob ? p : p.substr(folder.size());
          if (excludes && excludes->excludes(relative)) continue;
          leaked.push_back(p);
          if (!glob && destination) landed.push_back(landing(*destination, relative));
        }
        if (leaked.empty()) continue;
        std::string names;
        for (size_t i = 0; i < leaked.size() && i < kNamed; ++i) {
          if (i) names += i + 1 == std::min(leaked.size(), kNamed) && leaked.size() <= kNamed ? " and " : ", ";
          names += "`" + leaked[i] + "` (" + *copies::leak_kind(leaked[i]) + ")";
        }
        if (leaked.size() > kNamed) names += " and " + std::to_string(leaked.size() - kNamed) + " more";
        const std::string& verb = s.instruction->name;
        const std::string what = s.path.empty() ? std::string(".") : s.path;
        const Reach reach = stages.empty() ? Reach::kShipped
                                           : reaches_shipped(*source.syntax, stages, shipped, s.stage,
                                                             destination.value_or(""), landed);
        const std::string stage_name =
            stages.empty() ? std::string()
            : stages[s.stage].name.empty() ? "stage " + std::to_string(s.stage)
                                           : "stage `" + stages[s.stage].name + "`";
        std::string message = verb + " " + what + " copies " + names + " into " +
                              (reach == Reach::kShipped ? "the image" : stage_name) + ": ";
        message += ignore_source ? "the .dockerignore does not exclude " + std::string(leaked.size() == 1 ? "it" : "them")
                                 : "there is no .dockerignore";
        if (context.truncated) message += " (the context listing stopped at its bound; there may be more)";
        if (reach == Reach::kStage)
          message += "; the shipped image copies only selected paths out of that stage, so they reach the "
                     "builder, its cache and any `--target` build of it, not the image that ships";
        if (reach == Reach::kNotCopied)
          message += "; no other stage takes files from that stage, so they reach the builder, its cache and "
                     "any `--target` build of it, not the image that ships";
        // Where they went depends on a value only the build knows: whether the paths the
        // shipped image copies out of the stage hold them is not known, so only the stage is
        // claimed.
        if (reach == Reach::kUnknown)
          message += "; they reach the builder, its cache and any `--target` build of it; where they land "
                     "depends on a value not known here (such as the base image's ENV), so whether the "
                     "shipped image takes them is not known";
        Finding& f = out.report(s.instruction->words[s.word].span, std::move(message));
        if (reach != Reach::kShipped) f.severity = Severity::kMedium;
        if (ignore_source && ignore_source->file)
          f.related.push_back({ignore_source->file->span(0, 0), "the .dockerignore this build uses"});
        if (several_contexts && db.build->build_span.valid() && !db.build->services.empty())
          f.related.push_back({db.build->build_span, "service " + project.services[db.build->services.front()].name +
                                                         " builds it with this context"});
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr603_build_context_leak() { return std::make_unique<BuildContextLeak>(); }

}  // namespace clearance::rules
