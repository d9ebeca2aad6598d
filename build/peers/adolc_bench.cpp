// ADOL-C peer: the benchmark objectives (objectives.hpp, shared with sacado_bench.cpp), evaluated with T = double (the primal) and
// T = adouble (taping), then differentiated in reverse mode on the tape.
//
// Per objective and size it measures
//   primal_s         the template with T = double (g++ -O3), no tape
//   gradient_s       trace_on(tag, keep = 1), the objective with adouble, trace_off(), fos_reverse: a complete gradient
//                    at a new point, including the taping (what a changing input, or a value-dependent branch, needs)
//   reverse_tape_s   gradient(tag, ...) on the tape already recorded: zos_forward (keep = 1) + fos_reverse; valid only
//                    while the control flow (the max in log-sum-exp) stays the same, ADOL-C's best case
//   forward_tape_s   fos_forward (keep = 0) on the tape already recorded: one tangent along the C# GeneratedTangent
//                    direction, ADOL-C's forward mode in its best case (same caveat), beside Sacado's (sacado_bench.cpp)
// Tape buffers are sized from a first taping (tapestats) so that the tape stays in memory (no tape files).
// Inputs and the timing rule are those of inputs.py / timing.py (build/peers/README.md).
//
//   g++ -O3 -march=native -std=c++17 build/peers/adolc_bench.cpp -ladolc -o artifacts/peers/adolc_bench
//   artifacts/peers/adolc_bench [--mode full|short] [--once] [--rosenbrock-n N] [--only NAME]... [--out FILE] [--data DIR]

#include <adolc/adolc.h>

#ifndef ADOLC_PEER_VERSION  // the headers carry no version; run.sh passes dpkg's
#define ADOLC_PEER_VERSION "unknown"
#endif

#include "objectives.hpp"

// ------------------------------------------------------------------------------------------------ main
int main(int argc, char** argv) {
    Options opt;
    opt.out = "artifacts/peers/adolc.json";
    if (!parse_options(argc, argv, opt)) return 2;
    const Rule& rule = opt.rule();
    const string& mode = opt.mode;
    const string& out = opt.out;

    std::ostringstream results;
    int count = 0;
    short tag = 1;
    for (auto& item : suite(opt)) {
        int ok;
        Problem<adouble> p = make<adouble>(item.first, item.second, ok);
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
        // Forward on the existing tape: one tangent, fos_forward (keep = 0).
        double tangent = 0;
        auto forward_on_tape = [&]() {
            double y;
            fos_forward(tag, 1, n, 0, p.x.data(), p.direction.data(), &y, &tangent);
            return y;
        };
        double fvalue = forward_on_tape();

        Timing tp = measure([&]() { return p.f(p.x.data()); }, rule);
        Timing tg = measure(full_gradient, rule);
        Timing tr = measure(reverse_on_tape, rule);
        Timing tf = measure(forward_on_tape, rule);

        char buf[2048];
        snprintf(buf, sizeof buf,
                 "  {\"objective\": %s, \"params\": %s, \"key\": %s, \"input\": %s,\n"
                 "   \"value\": %.17g, \"value_from_gradient\": %.17g, \"gradient_norm\": %.17g, \"gradient_sum\": %.17g,"
                 " \"gradient_norm_reverse_on_tape\": %.17g, \"gradient_length\": %d,\n"
                 "   \"primal_s\": %.9g, \"gradient_s\": %.9g, \"j_over_f\": %.6g, \"reverse_tape_s\": %.9g, \"reverse_tape_over_f\": %.6g,\n"
                 "   \"value_from_tangent\": %.17g, \"tangent\": %.17g, \"forward_tape_s\": %.9g, \"forward_tape_over_f\": %.6g,\n"
                 "   \"tape\": {\"operations\": %zu, \"locations\": %zu, \"values\": %zu, \"taylors\": %zu, \"in_core\": %s},\n",
                 jstr(p.objective).c_str(), p.params_json.c_str(), jstr(p.key).c_str(), jstr(p.source).c_str(), value, tvalue,
                 gnorm, gsum, rnorm, n, tp.seconds, tg.seconds, tg.seconds / tp.seconds, tr.seconds, tr.seconds / tp.seconds,
                 fvalue, tangent, tf.seconds, tf.seconds / tp.seconds, st[NUM_OPERATIONS], st[NUM_LOCATIONS], st[NUM_VALUES], st[TAY_STACK_SIZE], in_core ? "true" : "false");
        results << (count++ ? ",\n" : "") << buf << "   \"primal_timing\": " << timing_json(tp) << ",\n   \"gradient_timing\": "
                << timing_json(tg) << ",\n   \"reverse_tape_timing\": " << timing_json(tr)
                << ",\n   \"forward_tape_timing\": " << timing_json(tf)
                << ",\n   \"gradient_means\": \"trace_on(keep=1) + adouble evaluation + trace_off + fos_reverse\"}";
        std::printf("adolc   %-32s F=%.17g  primal %.3e s  tape+gradient %.3e s  J/F %.2f  reverse-on-tape %.3e s  forward-on-tape %.3e s  (%d x %d, %d x %d, %d x %d; tape %zu ops%s; %.1f s)\n",
                    p.key.c_str(), value, tp.seconds, tg.seconds, tg.seconds / tp.seconds, tr.seconds, tf.seconds, tp.reps, tp.k, tg.reps, tg.k,
                    tr.reps, tr.k, st[NUM_OPERATIONS], in_core ? "" : ", ON DISK", now() - started);
        std::fflush(stdout);
        removeTape(tag, ADOLC_REMOVE_COMPLETELY);
    }

    std::ofstream o(out);
    o << "{\"peer\": \"adolc\", \"version\": " << jstr(ADOLC_PEER_VERSION) << ", \"threads\": 1, \"mode\": " << jstr(mode)
      << ",\n \"primal_means\": \"the same C++ template with T = double (g++ -O3 -march=native)\""
      << ",\n \"gradient_means\": \"taping (trace_on keep=1, adouble) + fos_reverse: a complete gradient at a new point\""
      << ",\n \"reverse_tape_means\": \"gradient() on the recorded tape: zos_forward(keep=1) + fos_reverse\""
      << ",\n \"forward_tape_means\": \"fos_forward(keep=0) on the recorded tape along the C# GeneratedTangent direction\""
      << ",\n \"timing_rule\": " << timing_rule_json(rule) << ",\n \"results\": [\n"
      << results.str() << "\n]}\n";
    std::printf("wrote %s\n", out.c_str());
    return 0;
}
