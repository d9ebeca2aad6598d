// Trilinos Sacado peer, forward mode: the benchmark objectives (objectives.hpp, shared with adolc_bench.cpp) evaluated
// with T = double (the primal) and with T = Sacado::Fad::SFad<double, 1> (one directional derivative, a tangent).
//
// Per objective and size it measures
//   primal_s    the template with T = double (g++ -O3), as the ADOL-C peer's primal
//   tangent_s   one tangent at the point: the inputs seeded into a preallocated array of SFad (value x[i], derivative
//               v[i]), then the objective with SFad; v is the direction of the C# GeneratedTangent benchmark
//               (Inputs.Uniform with its seeds), so the tangent is comparable with DiffGen's
// Why SFad<double, 1>: one direction is known at compile time, so SFad keeps the derivative in a fixed array of one
// double inside each number (no heap, no length checks), the fastest of Sacado's forward types here; DFad allocates
// each variable's derivative array on the heap and SLFad carries a run-time length. -DSACADO_TANGENT_TYPE=... builds
// with another type (SLFad<double, 1> and DFad<double> took about 3x SFad's time on GMM d=64 K=5 in one run).
//
//   g++ -O3 -march=native -ffp-contract=off -std=c++17 -I/usr/include/trilinos build/peers/sacado_bench.cpp -o artifacts/peers/sacado_bench
//   (the Fad types are header-only: no library)
//   artifacts/peers/sacado_bench [--mode full|short] [--once] [--rosenbrock-n N] [--only NAME]... [--out FILE] [--data DIR]

// Debian's Sacado_config.h turns on Sacado's Kokkos, Teuchos and MPI adapters, whose headers (down to mpi.h) are not
// dependencies of libtrilinos-sacado-dev and which the Fad types do not need. TRILINOS_NO_CONFIG_H skips that file;
// the lines below restore the settings the Fad types read from it (the new Fad design, C++11), and the force-inline
// macro as Kokkos defines it for GCC on the host, so the Fad code compiled is the one of the full configuration.
#define TRILINOS_NO_CONFIG_H
#define HAVE_SACADO_CXX11
#define SACADO_NEW_FAD_DESIGN_IS_DEFAULT
#define SACADO_FORCEINLINE_FUNCTION inline __attribute__((always_inline))
#include <Sacado_No_Kokkos.hpp>

#ifndef SACADO_PEER_VERSION  // the headers carry no version; run.sh passes dpkg's
#define SACADO_PEER_VERSION "unknown"
#endif

#include "objectives.hpp"

#ifndef SACADO_TANGENT_TYPE
#define SACADO_TANGENT_TYPE Sacado::Fad::SFad<double, 1>
#endif
using Tangent = SACADO_TANGENT_TYPE;

int main(int argc, char** argv) {
    Options opt;
    opt.out = "artifacts/peers/sacado.json";
    if (!parse_options(argc, argv, opt)) return 2;
    const Rule& rule = opt.rule();

    std::ostringstream results;
    int count = 0;
    for (auto& item : suite(opt)) {
        int ok;
        Problem<Tangent> p = make<Tangent>(item.first, item.second, ok);
        if (!ok) continue;
        const size_t n = p.x.size();
        if (p.direction.size() != n) { std::cerr << p.key << ": direction of length " << p.direction.size() << ", not " << n << "\n"; return 1; }
        double started = now();

        vector<Tangent> ax(n, Tangent(1, 0.0));  // one derivative each (sizes a DFad or SLFad too)
        double dvalue = 0;
        auto tangent = [&]() {
            for (size_t i = 0; i < n; i++) {
                ax[i].val() = p.x[i];
                ax[i].fastAccessDx(0) = p.direction[i];
            }
            Tangent y = p.fa(ax.data());
            dvalue = y.dx(0);
            return y.val();
        };
        double value = p.f(p.x.data());
        double tvalue = tangent();
        double dot = dvalue;

        Timing tp = measure([&]() { return p.f(p.x.data()); }, rule);
        Timing tt = measure(tangent, rule);

        char buf[2048];
        snprintf(buf, sizeof buf,
                 "  {\"objective\": %s, \"params\": %s, \"key\": %s, \"input\": %s,\n"
                 "   \"value\": %.17g, \"value_from_tangent\": %.17g, \"tangent\": %.17g, \"tangent_length\": %zu,\n"
                 "   \"primal_s\": %.9g, \"tangent_s\": %.9g, \"tangent_over_f\": %.6g,\n",
                 jstr(p.objective).c_str(), p.params_json.c_str(), jstr(p.key).c_str(), jstr(p.source).c_str(), value, tvalue,
                 dot, n, tp.seconds, tt.seconds, tt.seconds / tp.seconds);
        results << (count++ ? ",\n" : "") << buf << "   \"primal_timing\": " << timing_json(tp) << ",\n   \"tangent_timing\": "
                << timing_json(tt) << "}";
        std::printf("sacado  %-32s F=%.17g  tangent %.17g  primal %.3e s  tangent %.3e s  T/F %.2f  (%d x %d, %d x %d; %.1f s)\n",
                    p.key.c_str(), value, dot, tp.seconds, tt.seconds, tt.seconds / tp.seconds, tp.reps, tp.k, tt.reps, tt.k,
                    now() - started);
        std::fflush(stdout);
    }

    std::ofstream o(opt.out);
    o << "{\"peer\": \"sacado\", \"version\": " << jstr(SACADO_PEER_VERSION) << ", \"threads\": 1, \"mode\": " << jstr(opt.mode)
      << ",\n \"primal_means\": \"the same C++ template with T = double (g++ -O3 -march=native)\""
      << ",\n \"tangent_means\": \"the template with T = Sacado::Fad::SFad<double, 1>, inputs seeded with the C# GeneratedTangent direction\""
      << ",\n \"timing_rule\": " << timing_rule_json(rule) << ",\n \"results\": [\n"
      << results.str() << "\n]}\n";
    std::printf("wrote %s\n", opt.out.c_str());
    return 0;
}
