// Session: one HTTP/1.1 connection, in the shape of Beast's
// advanced_server_flex: a CRTP base holding the request/reply cycle, with
// PlainSession and TlsSession (plain_session.h, tls_session.h) supplying the
// stream. Every step is a do_x/on_x pair on the connection's strand:
//
//   idle wait (idle_timeout; skipped for the first request and when a
//   pipelined request is already buffered) -> header (header_timeout for the
//   whole header) -> checks (415, 411, 413 by the route's limit) -> body
//   (body_timeout for the whole body; 413 as soon as it passes the limit;
//   into a file rather than memory on routes with a body_spool_dir) ->
//   Dispatch on the worker pool -> reply (each write bounded by
//   body_timeout) -> the next request, or close.
//
// Replies that wait for the log (Reply::long_poll, Reply::follow) wait on the
// PositionWatch and a timer, holding a socket and no thread; their steps run
// on the worker pool. A drain (Drain()) closes a connection that is idle or
// still reading, lets a request in flight finish (its reply says
// Connection: close), wakes followers so that they finish; ForceClose() at
// the drain deadline closes whatever is left.
//
// Thread safety: everything but Drain/ForceClose (which post) runs on the
// strand; the worker-pool steps touch only what they captured.
#pragma once

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include <unistd.h>

#include "common/crypto.h"
#include "daemon/server/dispatcher.h"
#include "daemon/server/http/access_log.h"
#include "daemon/server/http/reply_writer.h"
#include "daemon/server/http/request_adapter.h"
#include "daemon/server/http/server_context.h"
#include "daemon/server/http/transport_errors.h"

namespace mrtrack::daemon::http {

template <class Derived>
class Session : public Connection {
 public:
  void Drain() override {
    boost::asio::post(strand_, [self = Self()] { self->OnDrain(); });
  }
  void ForceClose() override {
    boost::asio::post(strand_, [self = Self()] { self->Close(); });
  }

 protected:
  using Executor = boost::asio::any_io_executor;
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using FileParser = boost::beast::http::request_parser<boost::beast::http::file_body>;
  using HeadSerializer = boost::beast::http::response_serializer<boost::beast::http::empty_body>;
  using ErrorCode = boost::beast::error_code;

  Session(ServerContext& server, Executor strand, std::string remote, Lease connection)
      : server_(server),
        strand_(std::move(strand)),
        timer_(strand_),
        remote_(std::move(remote)),
        connection_(std::move(connection)) {}
  ~Session() override {
    if (id_ != 0) server_.Unregister(id_);
    if (!spool_path_.empty()) ::unlink(spool_path_.c_str());
  }

  // The derived session's stream is ready (a TLS handshake done): serve.
  void Begin() {
    if (server_.draining()) return Close();
    DoReadRequest();
  }
  // Called by the derived Run() on the strand before anything else.
  void Register() { id_ = server_.Register(Self()); }

  // Closes at once (timeouts, errors, the drain).
  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    CancelWait();
    // The file only: a read in flight still holds file_parser_.
    if (!spool_path_.empty()) ::unlink(spool_path_.c_str());
    spool_path_.clear();
    // A request left unanswered, or a stream the client left: logged now.
    FinishRecord(status_ != 0 ? status_ : 499);
    stream_lease_.Reset();
    ErrorCode ignored;
    Lowest().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  ServerContext& server_;
  Executor strand_;

 private:
  enum class State { kIdle, kReadingHeader, kReadingBody, kInFlight, kWaiting, kLingering, kClosed };

  Derived& derived() { return static_cast<Derived&>(*this); }
  std::shared_ptr<Derived> Self() { return derived().shared_from_this(); }
  boost::beast::tcp_stream& Lowest() { return boost::beast::get_lowest_layer(derived().stream()); }
  bool closed() const { return state_ == State::kClosed || state_ == State::kLingering; }

  // --- Reading a request ---

  void DoReadRequest() {
    if (server_.draining()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.largest_body_bytes);
    if (first_request_ || buffer_.size() > 0) return DoReadHeader();
    DoIdleWait();
  }

  // Between keep-alive requests: wait for the next one's first byte.
  void DoIdleWait() {
    state_ = State::kIdle;
    Lowest().expires_after(server_.options.idle_timeout);
    derived().stream().async_read_some(buffer_.prepare(4096),
                                       boost::beast::bind_front_handler(&Session::OnIdleRead, Self()));
  }
  void OnIdleRead(ErrorCode ec, std::size_t bytes) {
    if (closed()) return;
    if (ec) return Close();  // The idle timeout, or the client closed.
    buffer_.commit(bytes);
    DoReadHeader();
  }

  void DoReadHeader() {
    state_ = State::kReadingHeader;
    record_ = RequestRecord();
    status_ = 0;
    record_.start = std::chrono::steady_clock::now();
    record_.remote = remote_;
    Lowest().expires_after(server_.options.header_timeout);
    boost::beast::http::async_read_header(derived().stream(), buffer_, *parser_,
                                          boost::beast::bind_front_handler(&Session::OnReadHeader, Self()));
  }
  void OnReadHeader(ErrorCode ec, std::size_t) {
    if (closed()) return;
    if (ec) return OnReadError(ec);
    const Request& request = parser_->get();
    OpenRecord(request);
    version_ = request.version();
    keep_alive_ = request.keep_alive();
    // Bodies are never inflated: a small compressed body could become a huge one.
    if (request.count(boost::beast::http::field::content_encoding) != 0) return Refuse(UnsupportedEncoding());
    auto length = parser_->content_length();
    bool chunked = parser_->chunked();
    auto method = request.method();
    if (!length && !chunked &&
        (method == boost::beast::http::verb::post || method == boost::beast::http::verb::put ||
         method == boost::beast::http::verb::patch)) {
      return Refuse(LengthRequired());
    }
    std::size_t limit = server_.options.max_body_bytes;
    auto match = server_.routes.Find(record_.method, record_.path);
    if (match.route != nullptr) limit = RouteTable::BodyLimit(*match.route, limit);
    if (length && *length > limit) return Refuse(BodyTooLarge(limit));
    parser_->body_limit(limit);
    if (parser_->is_done()) return OnRequest();
    const bool expect_continue = boost::beast::iequals(request[boost::beast::http::field::expect], "100-continue");
    if (match.route != nullptr && !match.route->body_spool_dir.empty()) {
      if (!StartSpool(match.route->body_spool_dir, limit)) return;
    }
    if (expect_continue) return DoContinue();
    DoReadBody();
  }

  // The body goes into a new file of `dir` as it arrives (Route::body_spool_dir):
  // the parser that read the header becomes one with a file body.
  bool StartSpool(const std::string& dir, std::size_t limit) {
    spool_path_ = dir + "/upload-" + RandomUuid();
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    file_parser_->body_limit(limit);
    ErrorCode ec;
    file_parser_->get().body().open(spool_path_.c_str(), boost::beast::file_mode::write_new, ec);
    if (ec) {
      spool_path_.clear();
      Refuse(Reply::Error(IoError("cannot store the upload: " + ec.message())));
      return false;
    }
    return true;
  }
  // Deletes what is left of a spooled body (the handler may have renamed it).
  // Not while a read may be in flight on file_parser_.
  void DropSpool() {
    file_parser_.reset();
    if (!spool_path_.empty()) ::unlink(spool_path_.c_str());
    spool_path_.clear();
  }

  void DoContinue() {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    state_ = State::kReadingBody;
    Lowest().expires_after(server_.options.body_timeout);
    boost::asio::async_write(derived().stream(), boost::asio::buffer(kContinue),
                             [self = Self()](ErrorCode ec, std::size_t) {
                               if (self->closed()) return;
                               if (ec) return self->Close();
                               self->DoReadBody();
                             });
  }

  void DoReadBody() {
    state_ = State::kReadingBody;
    Lowest().expires_after(server_.options.body_timeout);
    if (file_parser_) {
      return boost::beast::http::async_read(derived().stream(), buffer_, *file_parser_,
                                            boost::beast::bind_front_handler(&Session::OnReadBody, Self()));
    }
    boost::beast::http::async_read(derived().stream(), buffer_, *parser_,
                                   boost::beast::bind_front_handler(&Session::OnReadBody, Self()));
  }
  void OnReadBody(ErrorCode ec, std::size_t) {
    if (closed()) return;
    if (ec) return OnReadError(ec);
    OnRequest();
  }

  void OnReadError(ErrorCode ec) {
    DropSpool();
    switch (ClassifyReadError(ec)) {
      case ReadFailure::kHeaderTooLarge:
        if (!record_open_) OpenRecord(parser_->get());
        return Refuse(HeaderTooLarge(server_.options.max_header_bytes));
      case ReadFailure::kBodyTooLarge:
        if (!record_open_) OpenRecord(parser_->get());
        return Refuse(BodyTooLarge(parser_limit()));
      case ReadFailure::kMalformed:
        if (!record_open_) OpenRecord(parser_->get());
        return Refuse(Malformed(ec));
      case ReadFailure::kGone:
        return Close();
    }
  }
  std::size_t parser_limit() const {
    auto match = server_.routes.Find(record_.method, record_.path);
    return match.route != nullptr ? RouteTable::BodyLimit(*match.route, server_.options.max_body_bytes)
                                  : server_.options.max_body_bytes;
  }

  // --- Dispatching ---

  void OnRequest() {
    state_ = State::kInFlight;
    RequestContext ctx;
    if (file_parser_) {
      file_parser_->get().body().close();
      ctx = ToRequestContext(file_parser_->get().base());
      ctx.body_file = spool_path_;
      file_parser_.reset();
    } else {
      ctx = ToRequestContext(parser_->release());
    }
    parser_.reset();
    ctx.request_id = record_.request_id;
    ctx.runtime = server_.config.Get();
    server_.RunOnWorker([self = Self(), ctx = std::move(ctx)]() mutable {
      Dispatched dispatched = Dispatch(self->server_.routes, std::move(ctx));
      boost::asio::post(self->strand_, [self, dispatched = std::move(dispatched)]() mutable {
        self->OnDispatched(std::move(dispatched));
      });
    });
  }

  void OnDispatched(Dispatched dispatched) {
    DropSpool();
    if (closed()) return;
    record_.route = dispatched.route;
    record_.actor = dispatched.actor;
    Reply reply = std::move(dispatched.reply);
    if (reply.long_poll || reply.follow) {
      auto lease = server_.limits.AdmitStream(dispatched.actor);
      if (!lease) {
        WriteReply(TooManyStreams(server_.options.max_streams_per_token, server_.options.max_streams));
        return;
      }
      stream_lease_ = std::move(*lease);
      if (reply.long_poll) {
        long_poll_ = std::move(reply.long_poll);
        return StartWait(long_poll_->after, long_poll_->wait);
      }
      follow_ = reply.follow;
      return WriteStreamHead(reply);
    }
    if (reply.stream) {
      producer_ = std::move(reply.stream);
      return WriteStreamHead(reply);
    }
    WriteReply(std::move(reply));
  }

  // --- Whole replies ---

  // A reply before the request was read whole: the connection closes after it.
  void Refuse(Reply reply) {
    keep_alive_ = false;
    WriteReply(std::move(reply));
  }

  void WriteReply(Reply reply) {
    if (closed()) return;
    state_ = State::kInFlight;
    status_ = reply.status;
    keep_alive_ = keep_alive_ && !server_.draining();
    response_ = std::make_unique<Response>(MakeResponse(std::move(reply), version_, keep_alive_, record_.request_id));
    Lowest().expires_after(server_.options.body_timeout);
    boost::beast::http::async_write(derived().stream(), *response_,
                                    boost::beast::bind_front_handler(&Session::OnWrite, Self()));
  }
  void OnWrite(ErrorCode ec, std::size_t) {
    response_.reset();
    if (closed()) return;
    FinishRecord(status_);
    if (ec) return Close();
    if (!keep_alive_) return DoLinger();
    first_request_ = false;
    DoReadRequest();
  }

  // --- Chunked replies: event streams and exports ---

  void WriteStreamHead(const Reply& reply) {
    state_ = State::kInFlight;
    status_ = reply.status;
    keep_alive_ = false;  // A stream ends with its connection.
    stream_head_ = std::make_unique<StreamHead>(MakeStreamHead(reply, version_, false, record_.request_id));
    head_serializer_ = std::make_unique<HeadSerializer>(*stream_head_);
    Lowest().expires_after(server_.options.body_timeout);
    boost::beast::http::async_write_header(derived().stream(), *head_serializer_,
                                           boost::beast::bind_front_handler(&Session::OnStreamHead, Self()));
  }
  void OnStreamHead(ErrorCode ec, std::size_t) {
    if (closed()) return;
    if (ec) return Close();
    if (follow_) return DoFollowStep();
    RunProducer();
  }

  void DoFollowStep() {
    state_ = State::kInFlight;
    bool stopping = server_.draining();
    server_.RunOnWorker([self = Self(), follow = follow_, stopping] {
      FollowStep step = follow->next(stopping);
      boost::asio::post(self->strand_, [self, step = std::move(step)]() mutable { self->OnFollowStep(std::move(step)); });
    });
  }
  void OnFollowStep(FollowStep step) {
    if (closed()) return;
    wait_after_ = step.wait_after;
    bool done = step.done;
    if (step.data.empty()) return OnFollowWritten(done, {});
    auto chunk = std::make_shared<std::string>(std::move(step.data));
    Lowest().expires_after(server_.options.body_timeout);
    boost::asio::async_write(derived().stream(), boost::beast::http::make_chunk(boost::asio::buffer(*chunk)),
                             [self = Self(), chunk, done](ErrorCode ec, std::size_t) { self->OnFollowWritten(done, ec); });
  }
  void OnFollowWritten(bool done, ErrorCode ec) {
    if (closed()) return;
    if (ec) return Close();
    if (done) return DoLastChunk();
    if (server_.draining()) return DoFollowStep();
    StartWait(wait_after_, follow_->idle);
  }

  // Exports: the producer blocks (it reads the store) on a worker thread and
  // hands each chunk to the strand, waiting for it to be written: one chunk
  // in memory at a time however slow the client.
  void RunProducer() {
    state_ = State::kInFlight;
    server_.RunOnWorker([self = Self(), producer = std::move(producer_)] {
      bool alive = true;
      StreamWriter write = [&](std::string_view data) {
        if (alive && !data.empty()) alive = self->WriteChunkFromWorker(data);
        return alive;
      };
      while (alive && producer(write)) {
      }
      boost::asio::post(self->strand_, [self, alive] {
        if (self->closed()) return;
        if (!alive) return self->Close();
        self->DoLastChunk();
      });
    });
  }
  bool WriteChunkFromWorker(std::string_view data) {
    auto written = std::make_shared<std::promise<bool>>();
    auto result = written->get_future();
    boost::asio::post(strand_, [self = Self(), chunk = std::make_shared<std::string>(data), written] {
      if (self->closed()) return written->set_value(false);
      self->Lowest().expires_after(self->server_.options.body_timeout);
      boost::asio::async_write(self->derived().stream(), boost::beast::http::make_chunk(boost::asio::buffer(*chunk)),
                               [chunk, written](ErrorCode ec, std::size_t) { written->set_value(!ec); });
    });
    return result.get();
  }

  void DoLastChunk() {
    Lowest().expires_after(server_.options.body_timeout);
    boost::asio::async_write(derived().stream(), boost::beast::http::make_chunk_last(),
                             [self = Self()](ErrorCode ec, std::size_t) {
                               if (self->closed()) return;
                               self->FinishRecord(self->status_);
                               self->stream_lease_.Reset();
                               if (ec) return self->Close();
                               self->DoLinger();
                             });
  }

  // --- Waiting for the log ---

  void StartWait(std::uint64_t after, std::chrono::milliseconds timeout) {
    state_ = State::kWaiting;
    std::uint64_t generation = ++wait_generation_;
    timer_.expires_after(timeout);
    timer_.async_wait([self = Self(), generation](ErrorCode ec) {
      if (!ec) self->OnWake(generation);
    });
    std::weak_ptr<Derived> weak = Self();
    wait_id_ = server_.watch.Wait(after, [weak, generation, strand = strand_] {
      boost::asio::post(strand, [weak, generation] {
        if (auto self = weak.lock()) self->OnWake(generation);
      });
    });
    if (server_.draining()) OnWake(generation);
  }
  void CancelWait() {
    ++wait_generation_;
    timer_.cancel();
    server_.watch.Cancel(wait_id_);
    wait_id_ = 0;
  }
  void OnWake(std::uint64_t generation) {
    if (generation != wait_generation_ || state_ != State::kWaiting) return;
    CancelWait();
    if (follow_) return DoFollowStep();
    state_ = State::kInFlight;
    server_.RunOnWorker([self = Self(), poll = std::move(long_poll_)] {
      Reply reply = poll->answer();
      boost::asio::post(self->strand_, [self, reply = std::move(reply)]() mutable {
        self->stream_lease_.Reset();
        self->WriteReply(std::move(reply));
      });
    });
  }

  void OnDrain() {
    switch (state_) {
      case State::kIdle:
      case State::kReadingHeader:
      case State::kReadingBody:
        return Close();
      case State::kWaiting:
        return OnWake(wait_generation_);
      default:
        return;  // In flight: the reply goes out with Connection: close.
    }
  }

  // --- Closing after a reply ---

  // Half-closes, then reads and drops what the client still sends for a
  // moment, so that closing cannot reset the connection before the client
  // has read the reply (a refused body may still be arriving).
  void DoLinger() {
    state_ = State::kLingering;
    ErrorCode ignored;
    Lowest().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    linger_buffer_ = std::make_unique<std::array<char, 16384>>();
    Lowest().expires_after(std::chrono::seconds(2));
    ReadAndDrop();
  }
  void ReadAndDrop() {
    derived().stream().async_read_some(boost::asio::buffer(*linger_buffer_),
                                       [self = Self()](ErrorCode ec, std::size_t) {
                                         if (self->state_ != State::kLingering) return;
                                         if (ec) return self->Close();
                                         self->ReadAndDrop();
                                       });
  }

  // --- The access log ---

  void OpenRecord(const Request& request) {
    record_open_ = true;
    record_.method = std::string(request.method_string());
    std::string_view target(request.target().data(), request.target().size());
    record_.path = TargetPath(target);
    std::string given(request["X-Request-Id"]);
    record_.request_id = ValidRequestId(given) ? given : RandomUuid();
  }
  void FinishRecord(int status) {
    if (!record_open_) return;
    record_open_ = false;
    LogRequest(server_.metrics, record_, status);
  }

  // Constant after construction.
  boost::asio::steady_timer timer_;  // A follower's wait.
  const std::string remote_;
  Lease connection_;
  std::uint64_t id_ = 0;

  // Owned by the strand.
  State state_ = State::kReadingHeader;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::optional<FileParser> file_parser_;  // Instead of parser_ while a body is spooled.
  std::string spool_path_;                 // That body's file, until the request is answered.
  bool first_request_ = true;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  int status_ = 0;
  RequestRecord record_;
  bool record_open_ = false;
  std::unique_ptr<Response> response_;
  std::unique_ptr<StreamHead> stream_head_;
  std::unique_ptr<HeadSerializer> head_serializer_;
  StreamProducer producer_;
  std::shared_ptr<LongPoll> long_poll_;
  std::shared_ptr<Follow> follow_;
  Lease stream_lease_;
  std::uint64_t wait_after_ = 0;
  std::uint64_t wait_id_ = 0;
  std::uint64_t wait_generation_ = 0;
  std::unique_ptr<std::array<char, 16384>> linger_buffer_;
};

}  // namespace mrtrack::daemon::http
