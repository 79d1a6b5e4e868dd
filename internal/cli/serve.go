package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/service/config"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// serveProgram is the service's own program, cmd/kartograf-serve.
const serveProgram = "kartograf-serve"

// Server is the HTTP service as the serve command runs it
// (*service.Server).
type Server interface {
	// ListenAndServe serves on addr until ctx is done, then shuts down.
	ListenAndServe(ctx context.Context, addr string) error
	Close() error
}

// NewServer makes the service the serve command runs: service.New, set by
// cmd/kartograf-serve. It is a variable rather than an import because the
// service's packages (gin, prometheus, the web page…) took half of the
// package initialisation of every kartograf process (issue 16), and a CLI
// run per document should not pay for a server it does not start.
var NewServer func(config.Config) (Server, error)

// envDefault is the value of an environment variable, or def.
func envDefault(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// serveFlags are the service settings; each flag defaults to its
// environment variable, so a container can be configured either way.
type serveFlags struct {
	addr, tokensFile, p12, key, cert, logFormat, logLevel string
	trustedProxies, jobsDir                               string
	authAll                                               bool
	maxBody                                               int64
	maxRows, maxInFlight, maxQueue                        int
	minBodyRate, maxBodyMemory                            int
	renderTimeout, queueTimeout, shutdownTimeout          time.Duration
	bodyTimeout, drainDelay, jobTTL                       time.Duration
	maxJobs                                               int
	tsa                                                   tsaFlags
	lt                                                    bool
	ltCA                                                  string
}

func (c *cli) serve(args []string) int {
	fs, dirs := c.flags("serve")
	var sf serveFlags
	var envErrs []string
	str := func(p *string, name, env, def, usage string) {
		fs.StringVar(p, name, envDefault(env, def), usage+" ("+env+")")
	}
	num := func(p *int, name, env string, def int, usage string) {
		v, err := strconv.Atoi(envDefault(env, strconv.Itoa(def)))
		if err != nil {
			envErrs = append(envErrs, env+": ожидается целое число")
		}
		fs.IntVar(p, name, v, usage+" ("+env+")")
	}
	dur := func(p *time.Duration, name, env string, def time.Duration, usage string) {
		v, err := time.ParseDuration(envDefault(env, def.String()))
		if err != nil {
			envErrs = append(envErrs, env+": ожидается длительность, например 30s")
		}
		fs.DurationVar(p, name, v, usage+" ("+env+")")
	}
	str(&sf.addr, "addr", "KARTOGRAF_ADDR", "127.0.0.1:8080", "адрес и порт")
	str(&sf.tokensFile, "tokens-file", "KARTOGRAF_TOKENS_FILE", "", "файл токенов доступа, по одному в строке; или KARTOGRAF_TOKENS через запятую")
	str(&sf.p12, "p12", "KARTOGRAF_P12", "", "ключ подписи PKCS #12 (пароль в KARTOGRAF_P12_PASSWORD)")
	str(&sf.key, "key", "KARTOGRAF_KEY", "", "закрытый ключ подписи PEM")
	str(&sf.cert, "cert", "KARTOGRAF_CERT", "", "сертификат подписи PEM (и цепочка)")
	str(&sf.tsa.url, "tsa", "KARTOGRAF_TSA", "", tsaUsage)
	dur(&sf.tsa.timeout, "tsa-timeout", "KARTOGRAF_TSA_TIMEOUT", sign.DefaultTSATimeout, tsaTimeoutUsage+"; не ответила — 503 tsa-unavailable")
	num(&sf.tsa.retries, "tsa-retries", "KARTOGRAF_TSA_RETRIES", defaultRetries, tsaRetriesUsage)
	lt, err := strconv.ParseBool(envDefault("KARTOGRAF_LT", "false"))
	if err != nil {
		envErrs = append(envErrs, "KARTOGRAF_LT: ожидается true или false")
	}
	fs.BoolVar(&sf.lt, "lt", lt, "долговременная подпись PAdES B-LT: цепочка и ответы OCSP (или CRL) в подписанном PDF; не получены — 503 revocation-unavailable (KARTOGRAF_LT)")
	str(&sf.ltCA, "lt-ca", "KARTOGRAF_LT_CA", "", "сертификаты PEM для построения цепочки при --lt (обычно корневой сертификат УЦ)")
	str(&sf.logFormat, "log-format", "KARTOGRAF_LOG_FORMAT", "json", "журнал: json или text")
	str(&sf.logLevel, "log-level", "KARTOGRAF_LOG_LEVEL", "info", "уровень журнала: debug, info, warn, error")
	authAll, err := strconv.ParseBool(envDefault("KARTOGRAF_AUTH_ALL", "false"))
	if err != nil {
		envErrs = append(envErrs, "KARTOGRAF_AUTH_ALL: ожидается true или false")
	}
	fs.BoolVar(&sf.authAll, "auth-all", authAll, "требовать токен для всех маршрутов /v1 (KARTOGRAF_AUTH_ALL)")
	allowInvalidCert, err := strconv.ParseBool(envDefault("KARTOGRAF_ALLOW_INVALID_CERT", "false"))
	if err != nil {
		envErrs = append(envErrs, "KARTOGRAF_ALLOW_INVALID_CERT: ожидается true или false")
	}
	fs.BoolVar(&allowInvalidCert, "allow-invalid-cert", allowInvalidCert,
		"подписывать и просроченным, ещё не действующим или не предназначенным для подписи сертификатом — только для тестовых ключей (KARTOGRAF_ALLOW_INVALID_CERT)")
	maxBody := int(config.DefaultMaxBodyBytes)
	num(&maxBody, "max-body", "KARTOGRAF_MAX_BODY", maxBody, "предел тела запроса, байт")
	num(&sf.maxRows, "max-rows", "KARTOGRAF_MAX_ROWS", config.DefaultMaxRows, "предел строк документа")
	num(&sf.maxInFlight, "max-inflight", "KARTOGRAF_MAX_INFLIGHT", 0, "одновременных формирований (0 — по числу ядер)")
	num(&sf.maxQueue, "max-queue", "KARTOGRAF_MAX_QUEUE", 0, "запросов в очереди (0 — 8 на обработчик, -1 — без очереди)")
	dur(&sf.renderTimeout, "render-timeout", "KARTOGRAF_RENDER_TIMEOUT", config.DefaultRenderTimeout, "предел времени формирования")
	dur(&sf.queueTimeout, "queue-timeout", "KARTOGRAF_QUEUE_TIMEOUT", config.DefaultQueueTimeout, "предел ожидания в очереди")
	dur(&sf.shutdownTimeout, "shutdown-timeout", "KARTOGRAF_SHUTDOWN_TIMEOUT", config.DefaultShutdownTimeout, "сколько ждать текущих запросов при остановке")
	dur(&sf.bodyTimeout, "body-timeout", "KARTOGRAF_BODY_TIMEOUT", config.DefaultBodyTimeout, "предел времени получения тела запроса (408)")
	num(&sf.minBodyRate, "min-body-rate", "KARTOGRAF_MIN_BODY_RATE", config.DefaultMinBodyRate, "наименьшая средняя скорость тела запроса после 2 с, байт/с (408; -1 — без предела)")
	num(&sf.maxBodyMemory, "max-body-memory", "KARTOGRAF_MAX_BODY_MEMORY", 0, "сколько байт тел запросов держать в памяти одновременно (429; 0 — наибольшее из 64 МиБ и четырёх --max-body)")
	str(&sf.trustedProxies, "trusted-proxies", "KARTOGRAF_TRUSTED_PROXIES", "", "обратные прокси через запятую (IP или CIDR), чьему X-Forwarded-For верить; по умолчанию никому")
	dur(&sf.drainDelay, "drain-delay", "KARTOGRAF_DRAIN_DELAY", config.DefaultDrainDelay, "при остановке: сколько принимать запросы после снятия готовности (/readyz 503)")
	str(&sf.jobsDir, "jobs-dir", "KARTOGRAF_JOBS_DIR", "", "каталог архивов фоновых заданий (/v1/jobs); по умолчанию временный, удаляется при остановке")
	dur(&sf.jobTTL, "job-ttl", "KARTOGRAF_JOB_TTL", config.DefaultJobTTL, "сколько хранить готовое задание и его архив, и сколько подготовленное ждёт запуска")
	num(&sf.maxJobs, "max-jobs", "KARTOGRAF_MAX_JOBS", config.DefaultMaxJobs, "фоновых заданий в очереди, пока одно выполняется (429 сверх)")
	if NewServer == nil {
		// The flags are defined for the help; kartograf-serve judges them.
		return c.serveElsewhere(fs, args)
	}
	check := func(pos []string) string {
		if len(pos) != 0 {
			return "лишние аргументы: " + strings.Join(pos, " ")
		}
		return ""
	}
	// The engine comes after the settings, the key and the tokens: those
	// are usage errors, and they are told first.
	return c.invoke(fs, nil, args, check, func([]string, *kartograf.Engine) int {
		if len(envErrs) > 0 {
			fmt.Fprintln(c.stderr, "serve: "+strings.Join(envErrs, "; "))
			return exitUsage
		}
		sf.maxBody = int64(maxBody)
		proxies, err := parseProxies(sf.trustedProxies)
		if err != nil {
			fmt.Fprintln(c.stderr, "serve:", russianOS(err))
			return exitUsage
		}
		if sf.bodyTimeout <= 0 || sf.drainDelay < 0 || sf.maxBodyMemory < 0 {
			fmt.Fprintln(c.stderr, "serve: --body-timeout должен быть больше нуля, --drain-delay и --max-body-memory — не меньше нуля")
			return exitUsage
		}
		if sf.jobTTL <= 0 || sf.maxJobs <= 0 {
			fmt.Fprintln(c.stderr, "serve: --job-ttl и --max-jobs должны быть больше нуля")
			return exitUsage
		}

		logger, err := newLogger(c, sf.logFormat, sf.logLevel)
		if err != nil {
			fmt.Fprintln(c.stderr, "serve:", russianOS(err))
			return exitUsage
		}
		tokens, err := loadTokens(sf.tokensFile, os.Getenv("KARTOGRAF_TOKENS"))
		if err != nil {
			fmt.Fprintln(c.stderr, "serve:", russianOS(err))
			return exitUsage
		}
		var signer sign.Signer
		if sf.p12 != "" || sf.key != "" || sf.cert != "" {
			if signer, err = loadSigner(sf.p12, sf.key, sf.cert); err != nil {
				fmt.Fprintln(c.stderr, "serve: ключ подписи:", russianOS(err))
				return exitUsage
			}
			// A certificate that cannot sign now is refused at start-up; one
			// that expires while running is refused per request (422).
			if allowInvalidCert {
				signer = sign.AllowInvalidCertificate(signer)
			} else if err := sign.CheckCertificate(signer.Certificate(), time.Now()); err != nil {
				fmt.Fprintln(c.stderr, "serve: ключ подписи:", certHint(err))
				return exitUsage
			}
		}
		tsa, err := sf.tsa.stamper()
		if err != nil {
			fmt.Fprintln(c.stderr, "serve:", err)
			return exitUsage
		}
		if tsa != nil && signer == nil {
			fmt.Fprintln(c.stderr, "serve: --tsa задан, но ключа подписи (--p12 или --key/--cert) нет")
			return exitUsage
		}
		var lto *sign.LTOptions
		if sf.lt || sf.ltCA != "" {
			if signer == nil {
				fmt.Fprintln(c.stderr, "serve: --lt задан, но ключа подписи (--p12 или --key/--cert) нет")
				return exitUsage
			}
			lto = &sign.LTOptions{Timeout: sf.tsa.timeout}
			if sf.ltCA != "" {
				if lto.Issuers, err = loadCerts("--lt-ca", sf.ltCA); err != nil {
					fmt.Fprintln(c.stderr, "serve:", russianOS(err))
					return exitUsage
				}
			}
		}
		eng, err := c.eagerEngine(dirs)
		if err != nil {
			return c.report("serve", err)
		}
		if sf.maxQueue < 0 {
			sf.maxQueue = -1
		}
		srv, err := NewServer(config.Config{
			Engine: eng, Signer: signer, TSA: tsa, LongTerm: lto, Tokens: tokens, RequireAuth: sf.authAll,
			MaxBodyBytes: sf.maxBody, MaxRows: sf.maxRows, RenderTimeout: sf.renderTimeout,
			MaxInFlight: sf.maxInFlight, MaxQueue: sf.maxQueue, QueueTimeout: sf.queueTimeout,
			ShutdownTimeout: sf.shutdownTimeout, Logger: logger,
			BodyTimeout: sf.bodyTimeout, MinBodyRate: int64(sf.minBodyRate), MaxBodyMemory: int64(sf.maxBodyMemory),
			TrustedProxies: proxies, DrainDelay: drainDelay(sf.drainDelay),
			JobsDir: sf.jobsDir, JobTTL: sf.jobTTL, MaxJobs: sf.maxJobs,
		})
		if err != nil {
			fmt.Fprintln(c.stderr, "serve:", russianOS(err))
			return exitUsage
		}
		// Serve closes it too; this covers a listener that never opened.
		defer srv.Close()
		gcPercent := tuneGC()
		logger.Info("настройки", "gc_percent", gcPercent, "signing", signer != nil, "tsa", tsaForLog(sf.tsa.url), "tokens", len(tokens), "auth_all", sf.authAll,
			"max_body", sf.maxBody, "max_rows", sf.maxRows, "render_timeout", sf.renderTimeout.String(),
			"body_timeout", sf.bodyTimeout.String(), "min_body_rate", sf.minBodyRate, "trusted_proxies", proxies, "drain_delay", sf.drainDelay.String(),
			"jobs_dir", sf.jobsDir, "job_ttl", sf.jobTTL.String(), "max_jobs", sf.maxJobs)
		if err := srv.ListenAndServe(c.ctx, sf.addr); err != nil {
			fmt.Fprintln(c.stderr, "serve:", russianOS(err))
			return exitFail
		}
		return exitOK
	})
}

// parseProxies reads --trusted-proxies: IP addresses and CIDR ranges,
// comma-separated.
func parseProxies(list string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return nil, fmt.Errorf("--trusted-proxies: «%s» — не IP-адрес и не диапазон CIDR (например, 10.0.0.0/8)", p)
		}
		out = append(out, p)
	}
	return out, nil
}

// drainDelay maps the flag's 0 («no delay») onto the service's negative.
func drainDelay(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// serveGCPercent is the collector's target when GOGC is not set. A render
// allocates about 1.3 MB that is garbage a few milliseconds later; with
// the default 100 the collector ran so often that it took a fifth of the
// CPU under load. 300 trades ~25 MiB of resident memory for ~15 % more
// requests per second; GOGC and GOMEMLIMIT still override it.
const serveGCPercent = 300

func tuneGC() int {
	if os.Getenv("GOGC") != "" {
		// SetGCPercent only reports the old value; put it back.
		cur := debug.SetGCPercent(100)
		debug.SetGCPercent(cur)
		return cur
	}
	debug.SetGCPercent(serveGCPercent)
	return serveGCPercent
}

func newLogger(c *cli, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("уровень журнала «%s»: ожидается debug, info, warn или error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(c.stderr, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(c.stderr, opts)), nil
	}
	return nil, fmt.Errorf("формат журнала «%s»: ожидается json или text", format)
}

// loadTokens reads the tokens file (one per line; blank lines and lines
// starting with # are skipped) and the comma-separated list. Tokens are
// never printed, not even in errors.
func loadTokens(file, list string) ([]string, error) {
	var out []string
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("файл токенов: %w", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			t := strings.TrimSpace(sc.Text())
			if t != "" && !strings.HasPrefix(t, "#") {
				out = append(out, t)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("файл токенов %s: %w", file, err)
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("в файле токенов %s нет ни одного токена", file)
		}
	}
	for _, t := range strings.Split(list, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	for i, t := range out {
		if len(t) < 16 {
			return nil, fmt.Errorf("токен №%d короче 16 символов: такой легко подобрать", i+1)
		}
	}
	return out, nil
}
