// One way to run every native job (the baton pattern): the binding parses and validates JS arguments into a
// Job (plain C++ data), then either runs it synchronously or on the libuv thread pool as a Promise.
// execute() never touches JS; errors are caught into SetError and reject the promise; progress reports reach
// an optional JS callback on the main thread. Nothing can throw across N-API.
#pragma once
#include <napi.h>
#include <functional>
#include <memory>
#include <string>

namespace ebm_addon {

struct Progress {
  double seconds = 0;
  double best = 0;
  double rounds = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

template <class Job>
class JobWorker : public Napi::AsyncProgressQueueWorker<Progress> {
 public:
  JobWorker(Napi::Env env, std::unique_ptr<Job> job, Napi::Value onProgress)
      : Napi::AsyncProgressQueueWorker<Progress>(env, "discrete-ebm"),
        deferred_(Napi::Promise::Deferred::New(env)),
        job_(std::move(job)) {
    if (onProgress.IsFunction()) progress_ = Napi::Persistent(onProgress.As<Napi::Function>());
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& ep) override {
    try {
      const bool report = !progress_.IsEmpty();
      job_->execute([&](const Progress& p) {
        if (report) ep.Send(&p, 1);
      });
    } catch (const std::exception& e) {
      SetError(std::string("native error: ") + e.what());
    } catch (...) {
      SetError("native error");
    }
  }
  void OnProgress(const Progress* data, size_t count) override {
    if (progress_.IsEmpty() || count == 0) return;
    Napi::Env env = Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("seconds", data[count - 1].seconds);
    o.Set("best", data[count - 1].best);
    o.Set("rounds", data[count - 1].rounds);
    progress_.Call({o});
  }
  void OnOK() override { deferred_.Resolve(job_->toJs(Env())); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::unique_ptr<Job> job_;
  Napi::FunctionReference progress_;
};

// fn(model, options[, onProgress]) -> Promise<result>
template <class Job>
Napi::Value runAsync(const Napi::CallbackInfo& info) {
  std::unique_ptr<Job> job = Job::parse(info);
  auto* worker = new JobWorker<Job>(info.Env(), std::move(job), info.Length() > 2 ? info[2] : info.Env().Undefined());
  Napi::Promise p = worker->promise();
  worker->Queue();
  return p;
}

// fn(model, options) -> result, on the calling thread (small work, or inside a worker thread).
template <class Job>
Napi::Value runSync(const Napi::CallbackInfo& info) {
  std::unique_ptr<Job> job = Job::parse(info);
  try {
    job->execute([](const Progress&) {});
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("native error: ") + e.what());
  }
  return job->toJs(info.Env());
}

}  // namespace ebm_addon
