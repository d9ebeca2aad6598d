// ADOL-C peer: the benchmark objectives written once as templates, evaluated with T = double (the primal) and
// T = adouble (taping), then differentiated in reverse mode on the tape.
//
// Per objective and size it measures
//   primal_s         the template with T = double (g++ -O3), no tape
//   gradient_s       trace_on(tag, keep = 1), the objective with adouble, trace_off(), fos_reverse: a complete gradient
//                    at a new point, including the taping (what a changing input, or a value-dependent branch, needs)
//   reverse_tape_s   gradient(tag, ...) on the tape already recorded: zos_forward (keep = 1) + fos_reverse; valid only
//                    while the control flow (the max in log-sum-exp) stays the same, ADOL-C's best case
// Tape buffers are sized from a first taping (tapestats) so that the tape stays in memory (no tape files).
// Inputs and the timing rule are those of inputs.py / timing.py (build/peers/README.md).
//
//   g++ -O3 -march=native -std=c++17 build/peers/adolc_bench.cpp -ladolc -o artifacts/peers/adolc_bench
//   artifacts/peers/adolc_bench [--mode full|short] [--once] [--rosenbrock-n N] [--only NAME]... [--out FILE] [--data DIR]

#include <adolc/adolc.h>

#ifndef ADOLC_PEER_VERSION  // the headers carry no version; run.sh passes dpkg's
#define ADOLC_PEER_VERSION "unknown"
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using std::string;
using std::vector;

// ------------------------------------------------------------------------------------------------ inputs
// .NET's seeded System.Random (Net5CompatSeedImpl), bit for bit: see inputs.py.
struct DotNetRandom {
    static constexpr int MBIG = 2147483647, MSEED = 161803398;
    int seed_array[56] = {0};
    int inext = 0, inextp = 21;
    explicit DotNetRandom(int seed) {
        int subtraction = seed == (-2147483647 - 1) ? MBIG : std::abs(seed);
        int mj = MSEED - subtraction;
        seed_array[55] = mj;
        int mk = 1, ii = 0;
        for (int i = 1; i < 55; i++) {
            if ((ii += 21) >= 55) ii -= 55;
            seed_array[ii] = mk;
            mk = mj - mk;
            if (mk < 0) mk += MBIG;
            mj = seed_array[ii];
        }
        for (int k = 1; k < 5; k++)
            for (int i = 1; i < 56; i++) {
                int n = i + 30;
                if (n >= 55) n -= 55;
                seed_array[i] -= seed_array[1 + n];
                if (seed_array[i] < 0) seed_array[i] += MBIG;
            }
    }
    int internal_sample() {
        int a = inext + 1; if (a >= 56) a = 1;
        int b = inextp + 1; if (b >= 56) b = 1;
        int r = seed_array[a] - seed_array[b];
        if (r == MBIG) r--;
        if (r < 0) r += MBIG;
        seed_array[a] = r;
        inext = a; inextp = b;
        return r;
    }
    double next_double() { return internal_sample() * (1.0 / MBIG); }
    vector<double> uniform(size_t count, double lo, double hi) {
        vector<double> v(count);
        for (auto& e : v) e = lo + (hi - lo) * next_double();
        return v;
    }
};

static vector<double> uniform(size_t count, int seed, double lo = -1, double hi = 1) {
    return DotNetRandom(seed).uniform(count, lo, hi);
}

// The seed of every random GMM and LSTM instance: AdBenchData.RandomSeed of the C# benchmarks.
static const int ADBENCH_RANDOM_SEED = 20150501;

// Box-Muller as the C# benchmarks' GmmInput.Normal: u = 1 - NextDouble(), v = NextDouble().
static vector<double> normal(DotNetRandom& r, size_t count) {
    vector<double> v(count);
    for (auto& e : v) {
        double u = 1 - r.next_double(), w = r.next_double();
        e = std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * w);
    }
    return v;
}

static string g_data_dir;

static bool read_numbers(const string& path, vector<string>& out) {
    std::ifstream f(path);
    if (!f) return false;
    string t;
    while (f >> t) out.push_back(t);
    return true;
}

// ------------------------------------------------------------------------------------------------ objectives
template <typename T> T dot(int n, const T* a, const T* b) {
    T s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

template <typename T> T logsumexp_shifted(int n, const T* a) {
    T mx = a[0];
    for (int i = 1; i < n; i++)
        if (a[i] > mx) mx = a[i];
    T s = 0;
    for (int i = 0; i < n; i++) s += exp(a[i] - mx);
    return mx + log(s);
}

template <typename T>
T perceptron(int nIn, int nHidden, const T* w1, const T* b1, const T* w2, const T& b2, const double* x, double target) {
    T y = b2;
    for (int j = 0; j < nHidden; j++) {
        T z = b1[j];
        for (int i = 0; i < nIn; i++) z += w1[j * nIn + i] * x[i];
        y += w2[j] * tanh(z);
    }
    T e = y - target;
    return e * e;
}

template <typename T> T rosenbrock(int n, const T* x) {
    T s = 0;
    for (int i = 0; i + 1 < n; i++) {
        T t = x[i + 1] - x[i] * x[i];
        T u = 1.0 - x[i];
        s += 100.0 * t * t + u * u;
    }
    return s;
}

static double log_gamma_distrib(double a, int p) {
    double out = 0.25 * p * (p - 1) * std::log(M_PI);
    for (int j = 1; j <= p; j++) out += std::lgamma(a + 0.5 * (1 - j));
    return out;
}

// GMM (ADBench): alpha[k], means[k*d], icf[k*d(d+1)/2] (d logs of the diagonal, then the strictly lower triangle
// column by column), x[n*d]. See build/peers/README.md for the formula.
template <typename T>
T gmm(int d, int k, int n, const T* alpha, const T* means, const T* icf, const double* x, double gamma, int m) {
    const int icf_sz = d * (d + 1) / 2;
    vector<T> qdiag(d * k), sum_q(k), xc(d), qx(d), main_term(k);
    for (int ik = 0; ik < k; ik++) {
        sum_q[ik] = 0;
        for (int id = 0; id < d; id++) {
            sum_q[ik] += icf[ik * icf_sz + id];
            qdiag[ik * d + id] = exp(icf[ik * icf_sz + id]);
        }
    }
    T slse = 0;
    for (int ix = 0; ix < n; ix++) {
        for (int ik = 0; ik < k; ik++) {
            for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - means[ik * d + id];
            for (int id = 0; id < d; id++) qx[id] = qdiag[ik * d + id] * xc[id];
            int li = ik * icf_sz + d;
            for (int i = 0; i < d; i++)
                for (int j = i + 1; j < d; j++) qx[j] += icf[li++] * xc[i];
            T sq = 0;
            for (int id = 0; id < d; id++) sq += qx[id] * qx[id];
            main_term[ik] = alpha[ik] + sum_q[ik] - 0.5 * sq;
        }
        slse += logsumexp_shifted(k, main_term.data());
    }
    T lse_alpha = logsumexp_shifted(k, alpha);
    const int big_n = d + m + 1;
    const double C = big_n * d * (std::log(gamma) - 0.5 * std::log(2.0)) - log_gamma_distrib(0.5 * big_n, d);
    T prior = 0;
    for (int ik = 0; ik < k; ik++) {
        T fro = 0;
        for (int id = 0; id < d; id++) fro += qdiag[ik * d + id] * qdiag[ik * d + id];
        for (int i = d; i < icf_sz; i++) fro += icf[ik * icf_sz + i] * icf[ik * icf_sz + i];
        prior += 0.5 * gamma * gamma * fro - m * sum_q[ik];
    }
    const double constant = -n * d * 0.5 * std::log(2 * M_PI);
    return constant + slse - n * lse_alpha + prior - k * C;
}

template <typename T> T sigmoid(const T& x) { return 1.0 / (1.0 + exp(-x)); }

// LSTM (ADBench): main[2*l*4*b] (per layer: weights then biases, four blocks of b each: forget, input, output,
// change), extra[3*b] (input weights, output weights, output bias), state[2*l*b] (per layer hidden, cell; copied),
// sequence[c*b]. Mean negative log-likelihood of each next character.
template <typename T>
T lstm(int l, int c, int b, const T* main, const T* extra, const double* state0, const double* seq) {
    vector<T> state(2 * l * b), ypred(b), inp(b);
    for (int i = 0; i < 2 * l * b; i++) state[i] = state0[i];
    T total = 0;
    for (int t = 0; t < c - 1; t++) {
        for (int i = 0; i < b; i++) inp[i] = seq[t * b + i] * extra[i];
        for (int layer = 0; layer < l; layer++) {
            const T* w = main + 8 * b * layer;
            const T* bias = w + 4 * b;
            T* hidden = &state[2 * b * layer];
            T* cell = hidden + b;
            for (int i = 0; i < b; i++) {
                T forget = sigmoid(T(inp[i] * w[i] + bias[i]));
                T ingate = sigmoid(T(hidden[i] * w[b + i] + bias[b + i]));
                T outgate = sigmoid(T(inp[i] * w[2 * b + i] + bias[2 * b + i]));
                T change = tanh(hidden[i] * w[3 * b + i] + bias[3 * b + i]);
                cell[i] = cell[i] * forget + ingate * change;
                hidden[i] = outgate * tanh(cell[i]);
            }
            for (int i = 0; i < b; i++) inp[i] = hidden[i];
        }
        for (int i = 0; i < b; i++) ypred[i] = inp[i] * extra[b + i] + extra[2 * b + i];
        T s = 0;
        for (int i = 0; i < b; i++) s += exp(ypred[i]);
        T lse = log(s + 2.0);
        for (int i = 0; i < b; i++) total += seq[(t + 1) * b + i] * (ypred[i] - lse);
    }
    return -total / double((c - 1) * b);
}

// ------------------------------------------------------------------------------------------------ problems
// A problem: the independent variables (one flat vector) and the objective over them, for double and adouble.
struct Problem {
    string objective, params_json, key, source;
    vector<double> x;
    std::function<double(const double*)> f;
    std::function<adouble(const adouble*)> fa;
};

static string jstr(const string& s) {
    string o = "\"";
    for (char ch : s) { if (ch == '"' || ch == '\\') o += '\\'; o += ch; }
    return o + "\"";
}

static Problem make(const string& objective, const vector<std::pair<string, int>>& params, int& ok) {
    Problem p;
    p.objective = objective;
    std::ostringstream pj, key;
    pj << "{";
    key << objective << "(";
    for (size_t i = 0; i < params.size(); i++) {
        pj << (i ? ", " : "") << jstr(params[i].first) << ": " << params[i].second;
        key << (i ? ", " : "") << params[i].first << "=" << params[i].second;
    }
    pj << "}";
    key << ")";
    p.params_json = pj.str();
    p.key = key.str();
    auto get = [&](const string& name) { for (auto& kv : params) if (kv.first == name) return kv.second; return -1; };
    ok = 1;
    if (objective == "dot") {
        int n = get("n");
        auto a = uniform(n, 1), b = uniform(n, 2);
        p.x = a; p.x.insert(p.x.end(), b.begin(), b.end());
        p.source = "random (Inputs.Uniform seeds 1, 2; [-1, 1])";
        p.f = [n](const double* v) { return dot(n, v, v + n); };
        p.fa = [n](const adouble* v) { return dot(n, v, v + n); };
    } else if (objective == "logsumexp") {
        int n = get("n");
        p.x = uniform(n, 5, -5, 5);
        p.source = "random (Inputs.Uniform seed 5; [-5, 5])";
        p.f = [n](const double* v) { return logsumexp_shifted(n, v); };
        p.fa = [n](const adouble* v) { return logsumexp_shifted(n, v); };
    } else if (objective == "perceptron") {
        int ni = get("nIn"), nh = get("nHidden");
        auto w1 = uniform(nh * ni, 7, -0.2, 0.2), b1 = uniform(nh, 8, -0.1, 0.1), w2 = uniform(nh, 9, -0.3, 0.3);
        auto xin = std::make_shared<vector<double>>(uniform(ni, 10));
        p.x = w1; p.x.insert(p.x.end(), b1.begin(), b1.end()); p.x.insert(p.x.end(), w2.begin(), w2.end());
        p.x.push_back(0.05);
        p.source = "random (Inputs.Uniform seeds 7, 8, 9, 10)";
        p.f = [ni, nh, xin](const double* v) {
            return perceptron(ni, nh, v, v + nh * ni, v + nh * ni + nh, v[nh * ni + 2 * nh], xin->data(), 0.7); };
        p.fa = [ni, nh, xin](const adouble* v) {
            return perceptron(ni, nh, v, v + nh * ni, v + nh * ni + nh, v[nh * ni + 2 * nh], xin->data(), 0.7); };
    } else if (objective == "rosenbrock") {
        int n = get("n");
        p.x = uniform(n, 14, -2, 2);
        p.source = "random (Inputs.Uniform seed 14; [-2, 2])";
        p.f = [n](const double* v) { return rosenbrock(n, v); };
        p.fa = [n](const adouble* v) { return rosenbrock(n, v); };
    } else if (objective == "gmm") {
        int d = get("d"), k = get("k"), n = get("n"), icf_sz = d * (d + 1) / 2;
        vector<double> alpha, means, icf;
        auto pts = std::make_shared<vector<double>>();
        double gamma = 1; int m = 0;
        char name[64];
        snprintf(name, sizeof name, "gmm_d%d_K%d.txt", d, k);
        vector<string> t;
        if (read_numbers(g_data_dir + "/gmm/" + name, t)) {
            int fn = std::stoi(t[2]);
            size_t q = 3;
            auto take = [&](size_t count) { vector<double> v(count); for (auto& e : v) e = std::strtod(t[q++].c_str(), nullptr); return v; };
            alpha = take(k); means = take(size_t(k) * d); icf = take(size_t(k) * icf_sz);
            auto all = take(size_t(fn) * d);
            pts->assign(all.begin(), all.begin() + size_t(n) * d);
            gamma = std::strtod(t[q].c_str(), nullptr); m = int(std::strtod(t[q + 1].c_str(), nullptr));
            p.source = string("file gmm/") + name + (n == fn ? "" : " (first " + std::to_string(n) + " points)");
        } else {
            // The C# benchmarks' GmmInput.Random: alpha N, means U[0,1), q N (all components), l N, x N.
            DotNetRandom r(ADBENCH_RANDOM_SEED);
            int ls = d * (d - 1) / 2;
            alpha = normal(r, k); means = r.uniform(size_t(k) * d, 0, 1);
            auto q = normal(r, size_t(k) * d), lt = normal(r, size_t(k) * ls);
            *pts = normal(r, size_t(n) * d);
            for (int ik = 0; ik < k; ik++) {
                icf.insert(icf.end(), q.begin() + size_t(ik) * d, q.begin() + size_t(ik + 1) * d);
                icf.insert(icf.end(), lt.begin() + size_t(ik) * ls, lt.begin() + size_t(ik + 1) * ls);
            }
            p.source = "random (seed " + std::to_string(ADBENCH_RANDOM_SEED) + ")";
        }
        p.x = alpha; p.x.insert(p.x.end(), means.begin(), means.end()); p.x.insert(p.x.end(), icf.begin(), icf.end());
        p.f = [=](const double* v) { return gmm(d, k, n, v, v + k, v + k + k * d, pts->data(), gamma, m); };
        p.fa = [=](const adouble* v) { return gmm(d, k, n, v, v + k, v + k + k * d, pts->data(), gamma, m); };
    } else if (objective == "lstm") {
        int l = get("l"), c = get("c"), b = 14;
        char name[64];
        snprintf(name, sizeof name, "lstm_l%d_c%d.txt", l, c);
        vector<string> t;
        vector<double> vals;
        if (read_numbers(g_data_dir + "/lstm/" + name, t)) {
            b = std::stoi(t[2]);
            for (size_t i = 3; i < t.size(); i++) vals.push_back(std::strtod(t[i].c_str(), nullptr));
            p.source = string("file lstm/") + name;
        } else {
            // The C# benchmarks' LstmInput.Random: parameters and state U[0,1), sequence bits 1 with probability 1/4.
            DotNetRandom r(ADBENCH_RANDOM_SEED);
            vals = r.uniform(size_t(2 * l * 4 * b + 3 * b + 2 * l * b), 0, 1);
            for (int i = 0; i < c * b; i++) vals.push_back(r.next_double() < 0.25 ? 1.0 : 0.0);
            p.source = "random (seed " + std::to_string(ADBENCH_RANDOM_SEED) + ")";
        }
        size_t nm = 2 * l * 4 * b, ne = 3 * b, ns = 2 * l * b;
        p.x.assign(vals.begin(), vals.begin() + nm + ne);
        auto state = std::make_shared<vector<double>>(vals.begin() + nm + ne, vals.begin() + nm + ne + ns);
        auto seq = std::make_shared<vector<double>>(vals.begin() + nm + ne + ns, vals.begin() + nm + ne + ns + size_t(c) * b);
        p.f = [=](const double* v) { return lstm(l, c, b, v, v + nm, state->data(), seq->data()); };
        p.fa = [=](const adouble* v) { return lstm(l, c, b, v, v + nm, state->data(), seq->data()); };
    } else {
        ok = 0;
    }
    return p;
}

// ------------------------------------------------------------------------------------------------ timing
struct Rule { int warmup; double batch_s, budget_s; int min_reps, max_reps, fixed_k; };
static const Rule FULL{3, 0.01, 1.0, 10, 200, 0};
static const Rule SHORT{1, 0.0, 0.0, 3, 3, 1};
static const Rule ONCE{0, 0.0, 0.0, 1, 1, 1};  // --once: values, one timed call

struct Timing { double seconds, min_s, max_s; int reps, k; };

static double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static volatile double g_sink;

static Timing measure(const std::function<double()>& fn, const Rule& r) {
    for (int i = 0; i < r.warmup; i++) g_sink = fn();
    double t0 = now();
    g_sink = fn();
    double one = std::max(now() - t0, 1e-9);
    int k = r.fixed_k ? r.fixed_k : std::max(1, std::min(100000, int(std::ceil(r.batch_s / one))));
    int reps = r.budget_s > 0 ? int(r.budget_s / (one * k)) : 0;
    reps = std::max(r.min_reps, std::min(r.max_reps, reps));
    vector<double> times;
    for (int i = 0; i < reps; i++) {
        double s = now();
        for (int j = 0; j < k; j++) g_sink = fn();
        times.push_back((now() - s) / k);
    }
    std::sort(times.begin(), times.end());
    size_t mm = times.size();
    double median = mm % 2 ? times[mm / 2] : 0.5 * (times[mm / 2 - 1] + times[mm / 2]);
    return {median, times.front(), times.back(), reps, k};
}

static string timing_json(const Timing& t) {
    char buf[256];
    snprintf(buf, sizeof buf, "{\"seconds\": %.9g, \"repetitions\": %d, \"calls_per_repetition\": %d, \"min_s\": %.9g, \"max_s\": %.9g}",
             t.seconds, t.reps, t.k, t.min_s, t.max_s);
    return buf;
}

// ------------------------------------------------------------------------------------------------ main
int main(int argc, char** argv) {
    string mode = "full", out = "artifacts/peers/adolc.json";
    int rosenbrock_n = 10000;
    bool once = false;
    vector<string> only;
    const char* env = std::getenv("DIFFGEN_ADBENCH_DATA");
    g_data_dir = env ? env : "../shared/data/adbench";
    for (int i = 1; i < argc; i++) {
        string a = argv[i];
        if (a == "--mode" && i + 1 < argc) mode = argv[++i];
        else if (a == "--rosenbrock-n" && i + 1 < argc) rosenbrock_n = std::atoi(argv[++i]);
        else if (a == "--once") once = true;
        else if (a == "--only" && i + 1 < argc) only.push_back(argv[++i]);
        else if (a == "--out" && i + 1 < argc) out = argv[++i];
        else if (a == "--data" && i + 1 < argc) g_data_dir = argv[++i];
        else { std::cerr << "unknown argument " << a << "\n"; return 2; }
    }
    const Rule& rule = once ? ONCE : mode == "short" ? SHORT : FULL;

    using P = vector<std::pair<string, int>>;
    vector<std::pair<string, P>> suite = {
        {"dot", {{"n", 10000}}}, {"logsumexp", {{"n", 10000}}}, {"perceptron", {{"nIn", 64}, {"nHidden", 32}}},
        {"rosenbrock", {{"n", rosenbrock_n}}}};
    if (mode == "short") {
        suite.push_back({"gmm", {{"d", 2}, {"k", 5}, {"n", 1000}}});
        suite.push_back({"lstm", {{"l", 2}, {"c", 1024}}});
    } else {
        for (int d : {2, 10, 20, 64})
            for (int k : {5, 10, 25}) suite.push_back({"gmm", {{"d", d}, {"k", k}, {"n", 1000}}});
        for (int l : {2, 4}) suite.push_back({"lstm", {{"l", l}, {"c", 1024}}});
    }

    std::ostringstream results;
    int count = 0;
    short tag = 1;
    for (auto& item : suite) {
        if (!only.empty() && std::find(only.begin(), only.end(), item.first) == only.end()) continue;
        int ok;
        Problem p = make(item.first, item.second, ok);
        if (!ok) continue;
        const int n = int(p.x.size());
        vector<double> g(n);
        double started = now();

        // First taping with default buffers, only to size the buffers of the measured tapings.
        auto tape = [&](uint obs, uint lbs, uint vbs, uint tbs, bool sized) {
            if (sized) trace_on(tag, 1, obs, lbs, vbs, tbs); else trace_on(tag, 1);
            vector<adouble> ax(n);
            for (int i = 0; i < n; i++) ax[i] <<= p.x[i];
            adouble ay = p.fa(ax.data());
            double y;
            ay >>= y;
            trace_off();
            return y;
        };
        tape(0, 0, 0, 0, false);
        size_t st[STAT_SIZE];
        tapestats(tag, st);
        auto fit = [](size_t v) { return uint(std::min<size_t>(v + 4096, 4000000000u)); };
        uint obs = fit(st[NUM_OPERATIONS]), lbs = fit(st[NUM_LOCATIONS]), vbs = fit(st[NUM_VALUES]), tbs = fit(st[TAY_STACK_SIZE]);

        double value = p.f(p.x.data());
        // Complete gradient: tape (keep = 1 keeps the forward values) then one reverse sweep.
        auto full_gradient = [&]() {
            double y = tape(obs, lbs, vbs, tbs, true);
            double one = 1.0;
            std::fill(g.begin(), g.end(), 0.0);
            fos_reverse(tag, 1, n, &one, g.data());
            return y;
        };
        double tvalue = full_gradient();
        tapestats(tag, st);
        bool in_core = !st[OP_FILE_ACCESS] && !st[LOC_FILE_ACCESS] && !st[VAL_FILE_ACCESS];
        double gnorm = 0, gsum = 0;
        for (double e : g) { gnorm += e * e; gsum += e; }
        gnorm = std::sqrt(gnorm);
        // Reverse on the existing tape: ADOL-C's gradient() driver (zos_forward keep = 1, fos_reverse).
        auto reverse_on_tape = [&]() { gradient(tag, n, p.x.data(), g.data()); return g[0]; };
        reverse_on_tape();
        double rnorm = 0;
        for (double e : g) rnorm += e * e;
        rnorm = std::sqrt(rnorm);

        Timing tp = measure([&]() { return p.f(p.x.data()); }, rule);
        Timing tg = measure(full_gradient, rule);
        Timing tr = measure(reverse_on_tape, rule);

        char buf[2048];
        snprintf(buf, sizeof buf,
                 "  {\"objective\": %s, \"params\": %s, \"key\": %s, \"input\": %s,\n"
                 "   \"value\": %.17g, \"value_from_gradient\": %.17g, \"gradient_norm\": %.17g, \"gradient_sum\": %.17g,"
                 " \"gradient_norm_reverse_on_tape\": %.17g, \"gradient_length\": %d,\n"
                 "   \"primal_s\": %.9g, \"gradient_s\": %.9g, \"j_over_f\": %.6g, \"reverse_tape_s\": %.9g, \"reverse_tape_over_f\": %.6g,\n"
                 "   \"tape\": {\"operations\": %zu, \"locations\": %zu, \"values\": %zu, \"taylors\": %zu, \"in_core\": %s},\n",
                 jstr(p.objective).c_str(), p.params_json.c_str(), jstr(p.key).c_str(), jstr(p.source).c_str(), value, tvalue,
                 gnorm, gsum, rnorm, n, tp.seconds, tg.seconds, tg.seconds / tp.seconds, tr.seconds, tr.seconds / tp.seconds,
                 st[NUM_OPERATIONS], st[NUM_LOCATIONS], st[NUM_VALUES], st[TAY_STACK_SIZE], in_core ? "true" : "false");
        results << (count++ ? ",\n" : "") << buf << "   \"primal_timing\": " << timing_json(tp) << ",\n   \"gradient_timing\": "
                << timing_json(tg) << ",\n   \"reverse_tape_timing\": " << timing_json(tr)
                << ",\n   \"gradient_means\": \"trace_on(keep=1) + adouble evaluation + trace_off + fos_reverse\"}";
        std::printf("adolc   %-32s F=%.17g  primal %.3e s  tape+gradient %.3e s  J/F %.2f  reverse-on-tape %.3e s  (%d x %d, %d x %d, %d x %d; tape %zu ops%s; %.1f s)\n",
                    p.key.c_str(), value, tp.seconds, tg.seconds, tg.seconds / tp.seconds, tr.seconds, tp.reps, tp.k, tg.reps, tg.k,
                    tr.reps, tr.k, st[NUM_OPERATIONS], in_core ? "" : ", ON DISK", now() - started);
        std::fflush(stdout);
        removeTape(tag, ADOLC_REMOVE_COMPLETELY);
    }

    std::ofstream o(out);
    o << "{\"peer\": \"adolc\", \"version\": " << jstr(ADOLC_PEER_VERSION) << ", \"threads\": 1, \"mode\": " << jstr(mode)
      << ",\n \"primal_means\": \"the same C++ template with T = double (g++ -O3 -march=native)\""
      << ",\n \"gradient_means\": \"taping (trace_on keep=1, adouble) + fos_reverse: a complete gradient at a new point\""
      << ",\n \"reverse_tape_means\": \"gradient() on the recorded tape: zos_forward(keep=1) + fos_reverse\""
      << ",\n \"timing_rule\": {\"warmup_calls\": " << rule.warmup << ", \"batch_target_s\": " << rule.batch_s
      << ", \"budget_s\": " << rule.budget_s << ", \"min_repetitions\": " << rule.min_reps << ", \"max_repetitions\": " << rule.max_reps
      << ", \"statistic\": \"median over repetitions of (batch time / calls per batch)\"},\n \"results\": [\n"
      << results.str() << "\n]}\n";
    std::printf("wrote %s\n", out.c_str());
    return 0;
}
