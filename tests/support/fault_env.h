// FaultEnv: RocksDB's default Env with writes that fail on demand, to put an
// I/O error or a full disk under a real store (StoreOptions::env,
// CoreOptions::store_env). While a fault is set, every append to and sync of
// a file opened for writing fails with it; clearing it lets writes through
// again. Files opened before and after the fault are affected alike.
//
// Thread safety: Set/Clear from any thread while RocksDB writes.
#pragma once

#include <rocksdb/env.h>

#include <atomic>
#include <memory>
#include <string>

namespace mrtrack::test_support {

class FaultEnv final : public rocksdb::EnvWrapper {
 public:
  enum class Fault { kNone, kIoError, kNoSpace };

  FaultEnv() : rocksdb::EnvWrapper(rocksdb::Env::Default()) {}
  const char* Name() const override { return "MrtrackFaultEnv"; }

  void Set(Fault fault) { fault_ = fault; }
  void Clear() { fault_ = Fault::kNone; }
  // Writes refused since construction.
  int failures() const { return failures_; }

  rocksdb::Status NewWritableFile(const std::string& name, std::unique_ptr<rocksdb::WritableFile>* result,
                                  const rocksdb::EnvOptions& options) override {
    std::unique_ptr<rocksdb::WritableFile> file;
    rocksdb::Status s = target()->NewWritableFile(name, &file, options);
    if (s.ok()) *result = std::make_unique<File>(std::move(file), this);
    return s;
  }
  rocksdb::Status ReopenWritableFile(const std::string& name, std::unique_ptr<rocksdb::WritableFile>* result,
                                     const rocksdb::EnvOptions& options) override {
    std::unique_ptr<rocksdb::WritableFile> file;
    rocksdb::Status s = target()->ReopenWritableFile(name, &file, options);
    if (s.ok()) *result = std::make_unique<File>(std::move(file), this);
    return s;
  }

 private:
  // The status a write gets now (ok when no fault is set).
  rocksdb::Status Check() {
    switch (fault_.load()) {
      case Fault::kNone:
        return rocksdb::Status::OK();
      case Fault::kIoError:
        ++failures_;
        return rocksdb::Status::IOError("injected I/O error");
      case Fault::kNoSpace:
        ++failures_;
        return rocksdb::Status::NoSpace("injected: no space left on device");
    }
    return rocksdb::Status::OK();
  }

  class File final : public rocksdb::WritableFileWrapper {
   public:
    File(std::unique_ptr<rocksdb::WritableFile> base, FaultEnv* env)
        : rocksdb::WritableFileWrapper(base.get()), base_(std::move(base)), env_(env) {}
    rocksdb::Status Append(const rocksdb::Slice& data) override {
      rocksdb::Status s = env_->Check();
      return s.ok() ? base_->Append(data) : s;
    }
    rocksdb::Status Append(const rocksdb::Slice& data, const rocksdb::DataVerificationInfo& info) override {
      rocksdb::Status s = env_->Check();
      return s.ok() ? base_->Append(data, info) : s;
    }
    rocksdb::Status PositionedAppend(const rocksdb::Slice& data, uint64_t offset) override {
      rocksdb::Status s = env_->Check();
      return s.ok() ? base_->PositionedAppend(data, offset) : s;
    }
    rocksdb::Status Sync() override {
      rocksdb::Status s = env_->Check();
      return s.ok() ? base_->Sync() : s;
    }
    rocksdb::Status Fsync() override {
      rocksdb::Status s = env_->Check();
      return s.ok() ? base_->Fsync() : s;
    }

   private:
    std::unique_ptr<rocksdb::WritableFile> base_;
    FaultEnv* env_;
  };

  std::atomic<Fault> fault_{Fault::kNone};
  std::atomic<int> failures_{0};
};

}  // namespace mrtrack::test_support
