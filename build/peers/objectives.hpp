// The benchmark objectives of the C++ peers (adolc_bench.cpp, sacado_bench.cpp), written once as templates over the
// number type T, with the inputs, the tangent directions and the timing rule they share: .NET's seeded System.Random
// reimplemented bit for bit (inputs.py), ADBench's files, and the rule of timing.py. build/peers/README.md has the rules.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
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

inline vector<double> uniform(size_t count, int seed, double lo = -1, double hi = 1) {
    return DotNetRandom(seed).uniform(count, lo, hi);
}

// The seed of every random GMM and LSTM instance: AdBenchData.RandomSeed of the C# benchmarks.
const int ADBENCH_RANDOM_SEED = 20150501;

// Box-Muller as the C# benchmarks' GmmInput.Normal: u = 1 - NextDouble(), v = NextDouble().
inline vector<double> normal(DotNetRandom& r, size_t count) {
    vector<double> v(count);
    for (auto& e : v) {
        double u = 1 - r.next_double(), w = r.next_double();
        e = std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * w);
    }
    return v;
}

inline string g_data_dir;  // ADBench's files: --data, else $DIFFGEN_ADBENCH_DATA

inline bool read_numbers(const string& path, vector<string>& out) {
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

inline double log_gamma_distrib(double a, int p) {
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
// A problem: the independent variables (one flat vector), the direction of the C# GeneratedTangent benchmark in the
// same layout, and the objective over them for double and for the peer's AD type.
template <typename AD> struct Problem {
    string objective, params_json, key, source;
    vector<double> x, direction;
    std::function<double(const double*)> f;
    std::function<AD(const AD*)> fa;
};

inline string jstr(const string& s) {
    string o = "\"";
    for (char ch : s) { if (ch == '"' || ch == '\\') o += '\\'; o += ch; }
    return o + "\"";
}

inline vector<double> concat(std::initializer_list<vector<double>> parts) {
    vector<double> v;
    for (auto& p : parts) v.insert(v.end(), p.begin(), p.end());
    return v;
}

template <typename AD> Problem<AD> make(const string& objective, const vector<std::pair<string, int>>& params, int& ok) {
    Problem<AD> p;
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
    // fn: a generic lambda over the flat vector, instantiated once for double and once for AD.
    auto set = [&p](auto fn) {
        p.f = [fn](const double* v) { return fn(v); };
        p.fa = [fn](const AD* v) { return AD(fn(v)); };
    };
    ok = 1;
    // The directions are those of the C# benchmarks' Setup (tests/DiffGen.Benchmarks): Inputs.Uniform(count, seed) on [-1, 1].
    if (objective == "dot") {
        int n = get("n");
        p.x = concat({uniform(n, 1), uniform(n, 2)});
        p.direction = concat({uniform(n, 3), uniform(n, 4)});
        p.source = "random (Inputs.Uniform seeds 1, 2; [-1, 1])";
        set([n](const auto* v) { return dot(n, v, v + n); });
    } else if (objective == "logsumexp") {
        int n = get("n");
        p.x = uniform(n, 5, -5, 5);
        p.direction = uniform(n, 6);
        p.source = "random (Inputs.Uniform seed 5; [-5, 5])";
        set([n](const auto* v) { return logsumexp_shifted(n, v); });
    } else if (objective == "perceptron") {
        int ni = get("nIn"), nh = get("nHidden");
        p.x = concat({uniform(nh * ni, 7, -0.2, 0.2), uniform(nh, 8, -0.1, 0.1), uniform(nh, 9, -0.3, 0.3), {0.05}});
        p.direction = concat({uniform(nh * ni, 11), uniform(nh, 12), uniform(nh, 13), {0.3}});
        auto xin = std::make_shared<vector<double>>(uniform(ni, 10));
        p.source = "random (Inputs.Uniform seeds 7, 8, 9, 10)";
        set([ni, nh, xin](const auto* v) {
            return perceptron(ni, nh, v, v + nh * ni, v + nh * ni + nh, v[nh * ni + 2 * nh], xin->data(), 0.7); });
    } else if (objective == "rosenbrock") {
        int n = get("n");
        p.x = uniform(n, 14, -2, 2);
        p.direction = uniform(n, 15);
        p.source = "random (Inputs.Uniform seed 14; [-2, 2])";
        set([n](const auto* v) { return rosenbrock(n, v); });
    } else if (objective == "gmm") {
        int d = get("d"), k = get("k"), n = get("n"), icf_sz = d * (d + 1) / 2, ls = d * (d - 1) / 2;
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
            alpha = normal(r, k); means = r.uniform(size_t(k) * d, 0, 1);
            auto q = normal(r, size_t(k) * d), lt = normal(r, size_t(k) * ls);
            *pts = normal(r, size_t(n) * d);
            for (int ik = 0; ik < k; ik++) {
                icf.insert(icf.end(), q.begin() + size_t(ik) * d, q.begin() + size_t(ik + 1) * d);
                icf.insert(icf.end(), lt.begin() + size_t(ik) * ls, lt.begin() + size_t(ik + 1) * ls);
            }
            p.source = "random (seed " + std::to_string(ADBENCH_RANDOM_SEED) + ")";
        }
        p.x = concat({alpha, means, icf});
        // C# draws the directions of q (seed 18) and l (seed 19) as separate arrays; icf interleaves them per component.
        auto tq = uniform(size_t(k) * d, 18), tl = uniform(size_t(k) * ls, 19);
        p.direction = concat({uniform(k, 16), uniform(size_t(k) * d, 17)});
        for (int ik = 0; ik < k; ik++) {
            p.direction.insert(p.direction.end(), tq.begin() + size_t(ik) * d, tq.begin() + size_t(ik + 1) * d);
            p.direction.insert(p.direction.end(), tl.begin() + size_t(ik) * ls, tl.begin() + size_t(ik + 1) * ls);
        }
        set([=](const auto* v) { return gmm(d, k, n, v, v + k, v + k + k * d, pts->data(), gamma, m); });
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
        p.direction = concat({uniform(nm, 20), uniform(ne, 21)});
        auto state = std::make_shared<vector<double>>(vals.begin() + nm + ne, vals.begin() + nm + ne + ns);
        auto seq = std::make_shared<vector<double>>(vals.begin() + nm + ne + ns, vals.begin() + nm + ne + ns + size_t(c) * b);
        set([=](const auto* v) { return lstm(l, c, b, v, v + nm, state->data(), seq->data()); });
    } else {
        ok = 0;
    }
    return p;
}

// ------------------------------------------------------------------------------------------------ timing
struct Rule { int warmup; double batch_s, budget_s; int min_reps, max_reps, fixed_k; };
const Rule FULL{3, 0.01, 1.0, 10, 200, 0};
const Rule SHORT{1, 0.0, 0.0, 3, 3, 1};
const Rule ONCE{0, 0.0, 0.0, 1, 1, 1};  // --once: values, one timed call

struct Timing { double seconds, min_s, max_s; int reps, k; };

inline double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline volatile double g_sink;

inline Timing measure(const std::function<double()>& fn, const Rule& r) {
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

inline string timing_json(const Timing& t) {
    char buf[256];
    snprintf(buf, sizeof buf, "{\"seconds\": %.9g, \"repetitions\": %d, \"calls_per_repetition\": %d, \"min_s\": %.9g, \"max_s\": %.9g}",
             t.seconds, t.reps, t.k, t.min_s, t.max_s);
    return buf;
}

inline string timing_rule_json(const Rule& rule) {
    std::ostringstream o;
    o << "{\"warmup_calls\": " << rule.warmup << ", \"batch_target_s\": " << rule.batch_s << ", \"budget_s\": " << rule.budget_s
      << ", \"min_repetitions\": " << rule.min_reps << ", \"max_repetitions\": " << rule.max_reps
      << ", \"statistic\": \"median over repetitions of (batch time / calls per batch)\"}";
    return o.str();
}

// ------------------------------------------------------------------------------------------------ command line, suite
struct Options {
    string mode = "full", out;
    int rosenbrock_n = 10000;
    bool once = false;
    vector<string> only;
    const Rule& rule() const { return once ? ONCE : mode == "short" ? SHORT : FULL; }
    bool wants(const string& objective) const {
        return only.empty() || std::find(only.begin(), only.end(), objective) != only.end();
    }
};

// [--mode full|short] [--once] [--rosenbrock-n N] [--only NAME]... [--out FILE] [--data DIR]; false on a bad argument.
inline bool parse_options(int argc, char** argv, Options& o) {
    const char* env = std::getenv("DIFFGEN_ADBENCH_DATA");
    g_data_dir = env ? env : "../shared/data/adbench";
    for (int i = 1; i < argc; i++) {
        string a = argv[i];
        if (a == "--mode" && i + 1 < argc) o.mode = argv[++i];
        else if (a == "--rosenbrock-n" && i + 1 < argc) o.rosenbrock_n = std::atoi(argv[++i]);
        else if (a == "--once") o.once = true;
        else if (a == "--only" && i + 1 < argc) o.only.push_back(argv[++i]);
        else if (a == "--out" && i + 1 < argc) o.out = argv[++i];
        else if (a == "--data" && i + 1 < argc) g_data_dir = argv[++i];
        else { std::cerr << "unknown argument " << a << "\n"; return false; }
    }
    return true;
}

// The objectives and sizes of inputs.suite(): every size in full mode, the small GMM and LSTM ones in short mode.
inline vector<std::pair<string, vector<std::pair<string, int>>>> suite(const Options& o) {
    vector<std::pair<string, vector<std::pair<string, int>>>> s = {
        {"dot", {{"n", 10000}}}, {"logsumexp", {{"n", 10000}}}, {"perceptron", {{"nIn", 64}, {"nHidden", 32}}},
        {"rosenbrock", {{"n", o.rosenbrock_n}}}};
    if (o.mode == "short") {
        s.push_back({"gmm", {{"d", 2}, {"k", 5}, {"n", 1000}}});
        s.push_back({"lstm", {{"l", 2}, {"c", 1024}}});
    } else {
        for (int d : {2, 10, 20, 64})
            for (int k : {5, 10, 25}) s.push_back({"gmm", {{"d", d}, {"k", k}, {"n", 1000}}});
        for (int l : {2, 4}) s.push_back({"lstm", {{"l", l}, {"c", 1024}}});
    }
    std::vector<std::pair<string, vector<std::pair<string, int>>>> kept;
    for (auto& item : s) if (o.wants(item.first)) kept.push_back(item);
    return kept;
}
