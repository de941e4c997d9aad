#include "engine/core/fileio.h"

#include "engine/core/errors.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace ts::engine {

namespace {

bool writeAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

void writeFileAtomic(const std::string& path, const std::string& contents)
{
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        throw InputError("cannot write '" + path + "': " + std::strerror(errno));
    const auto fail = [&](int error) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw InputError("cannot write '" + path + "': " + std::strerror(error));
    };
    // mkstemp creates 0600; outputs are ordinary files, so give them the usual umask-filtered mode.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (!writeAll(fd, contents.data(), contents.size()))
        fail(errno);
    if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        fail(errno);
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(tmp.c_str());
        throw InputError("cannot write '" + path + "': " + std::strerror(error));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(tmp.c_str());
        throw InputError("cannot write '" + path + "': " + (error == EISDIR ? "is a directory" : std::strerror(error)));
    }
    // The rename itself is durable once the folder is synced; a failure here loses nothing already written.
    if (const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
}

void requireFile(const std::string& path, const std::string& what)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw InputError(what + " '" + path + "': " + (errno == ENOENT ? "does not exist" : std::strerror(errno)));
    if (S_ISDIR(st.st_mode))
        throw InputError(what + " '" + path + "': is a directory, expected a file");
}

FolderLock::FolderLock(const std::string& dir)
{
    const std::string path = (fs::path(dir) / ".transfer-studio.lock").string();
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (m_fd < 0)
        return; // a folder that takes no lock file takes no outputs either: their writer names the reason
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(m_fd);
        m_fd = -1;
        throw InputError(error == EWOULDBLOCK
                             ? "output folder '" + dir + "' is in use by another run; choose another --out"
                             : "cannot lock output folder '" + dir + "': " + std::strerror(error));
    }
}

FolderLock::~FolderLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

} // namespace ts::engine
