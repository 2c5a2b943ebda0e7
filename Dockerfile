# syntax=docker/dockerfile:1
# Build: docker build --build-arg REVISION=$(git rev-parse --short=12 HEAD) -t flows-key-operator:0.2.0 .
# Without Docker, the same jar: mvn -B -DskipTests package && java -jar target/flows-key-operator.jar

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first: this layer is reused until pom.xml changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
# Not offline (-o): dependency:go-offline can miss artifacts that plugins resolve only when they
# run; without -o such a gap is downloaded here instead of failing the build.
# The git revision for --version and flows_build_info: .git is not copied, so it comes as a build
# argument (pom.xml reads REVISION; without it the revision is "unknown").
ARG REVISION
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 operator \
 && useradd --system --uid 10001 --gid operator --no-create-home operator
WORKDIR /app
# Libraries change less often than the operator's own classes: separate layers.
COPY --from=build /src/target/lib/ ./lib/
COPY --from=build /src/target/flows-key-operator.jar ./flows-key-operator.jar
USER 10001:10001
# Caps glibc's per-thread malloc arenas; saves about 30 MiB of RSS (docs/benchmarks.md).
ENV MALLOC_ARENA_MAX=2
# 8080: the operator's probes; 8443: its /metrics (HTTPS, authorized tokens); 8787/8788: the proxy subcommand's requests and management.
EXPOSE 8080 8443 8787 8788
ENTRYPOINT ["java", "-jar", "/app/flows-key-operator.jar"]
