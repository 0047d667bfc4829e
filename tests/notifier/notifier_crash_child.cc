// The process the crash test kills: runs a Notifier on the store in
// <dir>/events, with a clock fixed at the given instant, delivering to the
// generic webhook at http://127.0.0.1:<port>/hook, until SIGTERM.
//
//   notifier_crash_child <dir> <port> <instant>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "common/time.h"
#include "config/load.h"
#include "events/store.h"
#include "notifier/notifier.h"
#include "projections/projections.h"

namespace {

std::atomic<bool> g_stop{false};
void OnTerm(int) { g_stop.store(true); }

int Fail(const std::string& what) {
  std::fprintf(stderr, "notifier_crash_child: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mrtrack;
  if (argc != 4) return Fail("usage: notifier_crash_child <dir> <port> <instant>");
  const std::string dir = argv[1];
  const std::string port = argv[2];
  auto at = ParseTimestamp(argv[3]);
  if (!at.ok()) return Fail(at.status().ToString());
  signal(SIGTERM, OnTerm);

  const std::string toml =
      "[storage]\ndata_dir = \"" + dir + "\"\n"
      "[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"Europe/Berlin\"\n"
      "[[units]]\nid = \"kaz-co\"\nname = \"Kazakhstan CO\"\nwebhooks = [\"hook\"]\n"
      "[webhooks.hook]\nkind = \"generic\"\nurl = \"http://127.0.0.1:" + port + "/hook\"\n"
      "secret = \"whsec_bXJ0cmFjay10ZXN0LXNlY3JldC1rZXkh\"\ntimeout = \"2s\"\n"
      "[reminders]\ndigest = false\ninitial_backoff = \"1s\"\n";
  auto config = config::LoadConfigString(toml, "crash-child.toml");
  if (!config.ok()) return Fail(config.status().ToString());

  ManualClock clock(*at);
  auto store = events::EventStore::Open(dir + "/events", clock);
  if (!store.ok()) return Fail(store.status().ToString());
  auto projections = projections::Projections::Open(dir + "/views", **store);
  if (!projections.ok()) return Fail(projections.status().ToString());
  notifier::NotifierOptions options;
  options.tick_interval = std::chrono::milliseconds(50);
  auto n = notifier::Notifier::Open(**store, **projections, std::make_shared<const config::Config>(*config), clock,
                                    options);
  if (!n.ok()) return Fail(n.status().ToString());
  (*n)->Start();
  while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  (*n)->Stop();
  return 0;
}
