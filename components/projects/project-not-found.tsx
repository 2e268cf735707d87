import Link from 'next/link';
import { NoticePage } from '../layout/notice-page';
import { TEXT_LINK_CLASS } from '../ui/text-link';

/** The API answers 404 alike for a missing project and someone else's, so the page cannot say which. */
export function ProjectNotFound() {
  return (
    <NoticePage title="This project does not exist or is not yours" message="It may have been deleted, or the link may be mistyped.">
      <Link href="/dashboard" className={TEXT_LINK_CLASS}>
        Back to your dashboard
      </Link>
    </NoticePage>
  );
}
