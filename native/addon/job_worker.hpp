// One way to run every native job (the baton pattern): the binding parses and validates JS arguments into a
// Job (plain C++ data), then either runs it synchronously or on the libuv thread pool as a Promise.
// execute() never touches JS; errors are caught into SetError and reject the promise; progress reports reach
// an optional JS callback on the main thread. Nothing can throw across N-API: parse, toJs and the progress
// callback run inside try blocks that turn a C++ exception into a JS error (validation errors keep their
// TypeError / RangeError and code EBM_INVALID_INPUT), so nothing aborts.
//
// Memory safety (what a running job points into). A job copies everything it only reads once (the model, the
// initial states, LAP costs) into storage of its own. Three arrays it reads or writes *while it runs* are used
// in place, by pointer: `cancel` (polled), `progress` (written) and `output` (sample rows written). For those:
//   - the job holds a Napi::Reference (refcount 1) to each typed array, so the array and its buffer cannot be
//     collected while the job runs; the references are members of the Job, released on the main thread when
//     the worker drops the job (right after OnOK / OnError resolve or reject the promise, or in its
//     destructor), and on the calling thread for a Sync job;
//   - each must be a view of a SharedArrayBuffer (requireShared in convert.hpp; a TypeError otherwise). A
//     reference keeps a buffer alive but not attached: an ArrayBuffer can be detached by a transfer
//     (structuredClone / postMessage with transfer, Wasm memory.grow) and its memory freed while referenced.
//     A SharedArrayBuffer cannot be detached, and growing a growable one never moves its memory.
// The library itself only ever passes SharedArrayBuffer views there (src/cancel.ts, src/pool/parallel.ts);
// results the job allocates itself (states, samples without `output`, statistics) are new typed arrays made
// in toJs on the main thread. Nothing is checked twice and no answer changes: only where the bytes live.
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
    try {
      Napi::Object o = Napi::Object::New(env);
      o.Set("seconds", data[count - 1].seconds);
      o.Set("best", data[count - 1].best);
      o.Set("rounds", data[count - 1].rounds);
      progress_.Call({o});
    } catch (const Napi::Error&) {
      throw;  // the callback threw: node-addon-api rethrows it as the callback's JS exception
    } catch (const std::exception& e) {
      Napi::Error::New(env, std::string("native error: ") + e.what()).ThrowAsJavaScriptException();
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    try {
      deferred_.Resolve(job_->toJs(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    } catch (const std::exception& e) {
      deferred_.Reject(Napi::Error::New(env, std::string("native error: ") + e.what()).Value());
    }
    job_.reset();  // releases the references to cancel / progress / output (main thread)
  }
  void OnError(const Napi::Error& e) override {
    deferred_.Reject(e.Value());
    job_.reset();
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::unique_ptr<Job> job_;
  Napi::FunctionReference progress_;
};

// fn(model, options[, onProgress]) -> Promise<result>
// A C++ exception other than a Napi::Error (std::bad_alloc while copying a model, say) as a JS error, so none
// crosses N-API (node-addon-api only catches Napi::Error here).
template <class F>
Napi::Value guarded(Napi::Env env, F&& f) {
  try {
    return f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("native error: ") + e.what());
  } catch (...) {
    throw Napi::Error::New(env, "native error");
  }
}

// fn(model, options[, onProgress]) -> Promise<result>
template <class Job>
Napi::Value runAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    std::unique_ptr<Job> job = Job::parse(info);
    auto* worker = new JobWorker<Job>(info.Env(), std::move(job), info.Length() > 2 ? info[2] : info.Env().Undefined());
    Napi::Promise p = worker->promise();
    worker->Queue();
    return p;
  });
}

// fn(model, options) -> result, on the calling thread (small work, or inside a worker thread).
template <class Job>
Napi::Value runSync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    std::unique_ptr<Job> job = Job::parse(info);
    job->execute([](const Progress&) {});
    return job->toJs(info.Env());
  });
}

}  // namespace ebm_addon
