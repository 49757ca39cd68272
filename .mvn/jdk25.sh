# Sourced by ./hsaj and ./mvnw: makes JAVA_HOME point at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, the `java` on PATH if it is 25+, then JDKs under /usr/lib/jvm
# and /opt (Temurin, OpenJDK), newest first. Prints what to install when none is found.

hsaj_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

hsaj_select_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] &&
     [ "$(hsaj_java_major "$JAVA_HOME/bin/java")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(hsaj_java_major java)" -ge 25 ] 2>/dev/null; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
    return 0
  fi
  for candidate in $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] &&
       [ "$(hsaj_java_major "$candidate/bin/java")" -ge 25 ] 2>/dev/null; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  done
  echo "hsaj needs a JDK 25 or newer, and none was found (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt)." >&2
  echo "Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or unpack a JDK 25" >&2
  echo "and set JAVA_HOME to it." >&2
  return 1
}

hsaj_select_jdk25 || exit 1
